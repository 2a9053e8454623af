//! The terminal histogram of `trawl timeline`: one labelled bar per month or year, drawn with
//! Unicode eighth blocks, and a scale under the bars.

use std::io::{self, Write};

use crate::facets::Facets;
use crate::render::Painter;

/// Width of the longest bar, in character cells.
const BAR_CELLS: u64 = 50;

/// Eighths of a cell, from one to seven.
const PARTIAL: [char; 7] = ['▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/// A bar of `count` against `max`, `BAR_CELLS` wide at most.
fn bar(count: u64, max: u64) -> String {
    if max == 0 {
        return String::new();
    }
    let eighths = count.saturating_mul(BAR_CELLS * 8) / max;
    let mut out = "█".repeat((eighths / 8) as usize);
    match (eighths % 8) as usize {
        0 => {}
        rest => out.push(PARTIAL[rest - 1]),
    }
    if out.is_empty() && count > 0 {
        out.push(PARTIAL[0]);
    }
    out
}

/// Writes the histogram: `2017-05 │████▍ 123` per bucket, then the axis and its scale.
pub fn write_timeline(w: &mut impl Write, f: &Facets, painter: Painter) -> io::Result<()> {
    let max = f.buckets.iter().map(|b| b.count).max().unwrap_or(0);
    let label = f.buckets.iter().map(|b| b.value.len()).max().unwrap_or(4);
    for b in &f.buckets {
        let drawn = painter.paint_bar(&bar(b.count, max));
        writeln!(w, "{:<label$} │{drawn} {}", b.value, b.count)?;
    }
    let axis = "─".repeat(BAR_CELLS as usize);
    writeln!(w, "{:<label$} └{axis}", "")?;
    let scale = BAR_CELLS as usize - 1;
    writeln!(w, "{:<label$}  0{max:>scale$}", "")?;
    writeln!(
        w,
        "{} documents matched, {} without a date",
        f.matched, f.without
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_largest_in_eighths() {
        assert_eq!(bar(100, 100).chars().count(), BAR_CELLS as usize);
        assert_eq!(bar(0, 100), "");
        assert_eq!(bar(1, 1000), "▏", "a count never shows as nothing");
        assert_eq!(bar(50, 100), "█".repeat(25));
        assert_eq!(bar(3, 80), "█▉");
    }
}
