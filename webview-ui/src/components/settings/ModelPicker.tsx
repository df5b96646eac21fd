/**
 * The model field: a text input for any model id with a list of the models the proxy reported,
 * following the WAI-ARIA combobox pattern (an input with a popup listbox). Typing filters the
 * list, the arrow keys move through it, Enter picks, Escape closes; the toggle button shows the
 * whole list. Any text is a valid value: a model the proxy did not list is sent as typed.
 */
import { useRef, useState } from "react";
import type { ChangeEvent, KeyboardEvent } from "react";
import type { DiscoveredModel } from "@shared/generated/types";
import { t } from "../../i18n";

export interface ModelPickerProps {
  /** The input's id, for its `<label htmlFor>`; the list's ids derive from it. */
  id: string;
  value: string;
  models: readonly DiscoveredModel[];
  placeholder: string;
  /** Ids of the elements describing the input (help, errors), space separated. */
  describedBy: string | undefined;
  invalid: boolean;
  onChange: (value: string) => void;
}

export function ModelPicker({ id, value, models, placeholder, describedBy, invalid, onChange }: ModelPickerProps): React.JSX.Element {
  const [open, setOpen] = useState(false);
  /** The text the list is filtered by; `null` shows every model (opened by the button or arrow). */
  const [filter, setFilter] = useState<string | null>(null);
  const [active, setActive] = useState(-1);
  const inputRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLUListElement>(null);

  const needle = (filter ?? "").trim().toLowerCase();
  const visible = needle === "" ? models : models.filter((model) => model.id.toLowerCase().includes(needle));
  const expanded = open && visible.length > 0;
  const activeIndex = expanded && active < visible.length ? active : -1;
  const listId = `${id}-list`;
  const optionId = (index: number) => `${id}-option-${index}`;

  const close = () => {
    setOpen(false);
    setActive(-1);
  };

  const showAll = () => {
    setFilter(null);
    setOpen(true);
    setActive(-1);
  };

  const choose = (model: string) => {
    onChange(model);
    setFilter(null);
    close();
  };

  const moveTo = (index: number) => {
    setActive(index);
    // Keep the active option in view without scrollIntoView (the list is its offset parent).
    const list = listRef.current;
    const option = list?.children[index];
    if (list && option instanceof HTMLElement) {
      if (option.offsetTop < list.scrollTop) {
        list.scrollTop = option.offsetTop;
      } else if (option.offsetTop + option.offsetHeight > list.scrollTop + list.clientHeight) {
        list.scrollTop = option.offsetTop + option.offsetHeight - list.clientHeight;
      }
    }
  };

  const onInput = (event: ChangeEvent<HTMLInputElement>) => {
    onChange(event.target.value);
    setFilter(event.target.value);
    setOpen(true);
    setActive(-1);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    switch (event.key) {
      case "ArrowDown":
        event.preventDefault();
        if (!expanded) {
          showAll();
        } else {
          moveTo(activeIndex + 1 >= visible.length ? 0 : activeIndex + 1);
        }
        return;
      case "ArrowUp":
        if (expanded) {
          event.preventDefault();
          moveTo(activeIndex <= 0 ? visible.length - 1 : activeIndex - 1);
        }
        return;
      case "Enter": {
        const picked = visible[activeIndex];
        if (expanded && picked) {
          event.preventDefault();
          choose(picked.id);
        }
        return;
      }
      case "Escape":
        if (expanded) {
          event.preventDefault();
          event.stopPropagation();
          close();
        }
        return;
    }
  };

  return (
    <div className="model-picker">
      <div className="model-picker-row">
        <input
          ref={inputRef}
          id={id}
          className="settings-input"
          type="text"
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={expanded}
          aria-controls={listId}
          aria-activedescendant={activeIndex >= 0 ? optionId(activeIndex) : undefined}
          aria-describedby={describedBy}
          aria-invalid={invalid}
          autoComplete="off"
          spellCheck={false}
          placeholder={placeholder}
          value={value}
          onChange={onInput}
          onKeyDown={onKeyDown}
          onBlur={close}
        />
        <button
          type="button"
          className="settings-button secondary model-picker-toggle"
          aria-label={t("settings:providers.liteLLM.showModels")}
          aria-controls={listId}
          aria-expanded={expanded}
          tabIndex={-1}
          disabled={models.length === 0}
          // Keep the focus in the input, so the list stays tied to it.
          onMouseDown={(event) => {
            event.preventDefault();
          }}
          onClick={() => {
            if (expanded) {
              close();
            } else {
              showAll();
              inputRef.current?.focus();
            }
          }}
        >
          <span aria-hidden="true">▾</span>
        </button>
      </div>
      <ul ref={listRef} id={listId} role="listbox" className="model-picker-list" aria-label={t("settings:providers.liteLLM.modelList")} hidden={!expanded}>
        {expanded &&
          visible.map((model, index) => (
            <li
              key={model.id}
              id={optionId(index)}
              role="option"
              aria-selected={index === activeIndex}
              className={index === activeIndex ? "model-picker-option active" : "model-picker-option"}
              onMouseDown={(event) => {
                event.preventDefault();
              }}
              onClick={() => {
                choose(model.id);
              }}
            >
              <span className="model-picker-id">{model.id}</span>
              {model.underlyingModel !== null && model.underlyingModel !== model.id && (
                <span className="model-picker-underlying">{model.underlyingModel}</span>
              )}
            </li>
          ))}
      </ul>
    </div>
  );
}
