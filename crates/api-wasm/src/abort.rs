//! Cancellation and deadlines for one request: an internal `AbortController` that the fetch and
//! its body read observe, aborted when the caller's `AbortSignal` fires or a deadline passes, and
//! remembering which of the two it was so the error says "cancelled" or "timed out" correctly.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &Function, milliseconds: f64) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(handle: &JsValue);
}

/// Which wait ran out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Deadline {
    /// Waiting for the connection and the response headers.
    Headers,
    /// Waiting for the next piece of the body.
    Idle,
}

/// The one deadline callback of a request, made on first use and reused by every `arm`: a
/// stream arms its idle deadline once per network read, and a new closure per read (with its
/// finalizer registration in the glue) cost more than the `setTimeout` itself.
#[derive(Debug)]
struct DeadlineTimer {
    /// Which deadline the running timer stands for, read by the callback when it fires.
    deadline: Rc<Cell<Deadline>>,
    on_expiry: Closure<dyn FnMut()>,
    /// The running `setTimeout`'s handle, if one is running.
    handle: Option<JsValue>,
}

/// Why the internal controller aborted, if it did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AbortCause {
    NotAborted,
    Caller,
    TimedOut(Deadline),
}

/// The abort state of one request. Dropping it removes the listener and clears the timer, so no
/// callback outlives the request.
#[derive(Debug)]
pub(crate) struct RequestAbort {
    controller: AbortController,
    cause: Rc<Cell<AbortCause>>,
    caller_signal: Option<AbortSignal>,
    on_caller_abort: Option<Closure<dyn FnMut()>>,
    timer: RefCell<Option<DeadlineTimer>>,
}

impl RequestAbort {
    /// Links a new internal controller to the caller's signal, if any. An already aborted signal
    /// aborts at once.
    pub(crate) fn new(caller_signal: Option<AbortSignal>) -> Result<Self, JsValue> {
        let controller = AbortController::new()?;
        let cause = Rc::new(Cell::new(AbortCause::NotAborted));
        let mut state = Self {
            controller,
            cause,
            caller_signal,
            on_caller_abort: None,
            timer: RefCell::new(None),
        };
        if let Some(signal) = &state.caller_signal {
            if signal.aborted() {
                state.abort(AbortCause::Caller);
            } else {
                let controller = state.controller.clone();
                let cause = Rc::clone(&state.cause);
                let listener = Closure::<dyn FnMut()>::new(move || {
                    if cause.get() == AbortCause::NotAborted {
                        cause.set(AbortCause::Caller);
                    }
                    controller.abort();
                });
                signal
                    .add_event_listener_with_callback("abort", listener.as_ref().unchecked_ref())?;
                state.on_caller_abort = Some(listener);
            }
        }
        Ok(state)
    }

    /// The signal to hand to `fetch`.
    pub(crate) fn signal(&self) -> AbortSignal {
        self.controller.signal()
    }

    /// Why the request was aborted, if it was.
    pub(crate) fn cause(&self) -> AbortCause {
        self.cause.get()
    }

    /// Aborts now for the given cause (the first cause recorded wins).
    pub(crate) fn abort(&self, cause: AbortCause) {
        if self.cause.get() == AbortCause::NotAborted {
            self.cause.set(cause);
        }
        self.controller.abort();
    }

    /// Starts (or restarts) the deadline: if `milliseconds` pass before `disarm` or the next
    /// `arm`, the request is aborted as timed out.
    pub(crate) fn arm(&self, deadline: Deadline, milliseconds: u32) {
        let mut timer = self.timer.borrow_mut();
        let timer = timer.get_or_insert_with(|| {
            let controller = self.controller.clone();
            let cause = Rc::clone(&self.cause);
            let kind = Rc::new(Cell::new(deadline));
            let fired = Rc::clone(&kind);
            let on_expiry = Closure::<dyn FnMut()>::new(move || {
                if cause.get() == AbortCause::NotAborted {
                    cause.set(AbortCause::TimedOut(fired.get()));
                }
                controller.abort();
            });
            DeadlineTimer {
                deadline: kind,
                on_expiry,
                handle: None,
            }
        });
        if let Some(handle) = timer.handle.take() {
            clear_timeout(&handle);
        }
        timer.deadline.set(deadline);
        timer.handle = Some(set_timeout(
            timer.on_expiry.as_ref().unchecked_ref(),
            f64::from(milliseconds),
        ));
    }

    /// Stops the running deadline, if any.
    pub(crate) fn disarm(&self) {
        if let Some(handle) = self
            .timer
            .borrow_mut()
            .as_mut()
            .and_then(|timer| timer.handle.take())
        {
            clear_timeout(&handle);
        }
    }

    /// Waits `milliseconds` (a retry's backoff), returning early with `false` if the request is
    /// aborted meanwhile.
    pub(crate) async fn sleep(&self, milliseconds: u32) -> bool {
        let signal = self.signal();
        if signal.aborted() {
            return false;
        }
        let promise = Promise::new(&mut |resolve, _reject| {
            let handle = set_timeout(&resolve, f64::from(milliseconds));
            let on_abort = Closure::once_into_js(move || {
                clear_timeout(&handle);
                let _ = resolve.call0(&JsValue::UNDEFINED);
            });
            let _ = signal.add_event_listener_with_callback("abort", on_abort.unchecked_ref());
        });
        let _ = JsFuture::from(promise).await;
        !self.signal().aborted()
    }
}

impl Drop for RequestAbort {
    fn drop(&mut self) {
        self.disarm();
        if let (Some(signal), Some(listener)) = (&self.caller_signal, &self.on_caller_abort) {
            let _ = signal
                .remove_event_listener_with_callback("abort", listener.as_ref().unchecked_ref());
        }
    }
}
