//! Numbers as the user reads them in notes and errors: token counts with thousands separators
//! ("12,345") and sizes in decimal units ("1 MB", "32 KB"), the units the limits are set in.

/// A count with a comma between each group of three digits.
pub(crate) fn format_count(count: u64) -> String {
    let digits = count.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (position, digit) in digits.chars().enumerate() {
        if position > 0 && (digits.len() - position).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    grouped
}

/// A size in bytes, KB or MB (decimal, as the limits are written), with at most one decimal and
/// without a trailing ".0".
pub(crate) fn format_bytes(bytes: u64) -> String {
    const KB: u64 = 1000;
    const MB: u64 = 1000 * KB;
    let (whole, unit, suffix) = if bytes >= MB {
        (bytes, MB, "MB")
    } else if bytes >= KB {
        (bytes, KB, "KB")
    } else {
        return if bytes == 1 {
            "1 byte".to_owned()
        } else {
            format!("{bytes} bytes")
        };
    };
    // Tenths, rounded down, so a file just over a limit never reads as the limit itself.
    let tenths = whole / (unit / 10);
    if tenths.is_multiple_of(10) {
        format!("{} {suffix}", tenths / 10)
    } else {
        format!("{}.{} {suffix}", tenths / 10, tenths % 10)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(format_count(0), "0");
        assert_eq!(format_count(999), "999");
        assert_eq!(format_count(1000), "1,000");
        assert_eq!(format_count(12_345), "12,345");
        assert_eq!(format_count(1_234_567), "1,234,567");
    }

    #[test]
    fn sizes_use_decimal_units() {
        assert_eq!(format_bytes(1), "1 byte");
        assert_eq!(format_bytes(999), "999 bytes");
        assert_eq!(format_bytes(1000), "1 KB");
        assert_eq!(format_bytes(32_000), "32 KB");
        assert_eq!(format_bytes(1_000_000), "1 MB");
        assert_eq!(format_bytes(3_250_000), "3.2 MB");
        // Just over the limit still reads as just the limit at one decimal, never above it.
        assert_eq!(format_bytes(1_000_001), "1 MB");
    }
}
