//! A cursor over the rows of a list that keeps itself in view.

/// A cursor over rows, with the first visible row kept so the cursor stays in view.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cursor {
    /// The highlighted row.
    pub index: usize,
    /// The first row shown.
    pub offset: usize,
}

impl Cursor {
    /// Moves by `delta` rows within `len`, scrolling so the cursor stays within `height` rows.
    pub fn move_by(&mut self, delta: isize, len: usize, height: usize) {
        self.index = self.index.saturating_add_signed(delta).min(len.saturating_sub(1));
        self.follow(len, height);
    }

    /// Puts the cursor on row `index`.
    pub fn set(&mut self, index: usize, len: usize, height: usize) {
        self.index = index.min(len.saturating_sub(1));
        self.follow(len, height);
    }

    /// Adjusts the offset so the cursor is visible and no space is wasted below the last row.
    pub fn follow(&mut self, len: usize, height: usize) {
        let height = height.max(1);
        self.index = self.index.min(len.saturating_sub(1));
        if self.index < self.offset {
            self.offset = self.index;
        } else if self.index >= self.offset + height {
            self.offset = self.index + 1 - height;
        }
        self.offset = self.offset.min(len.saturating_sub(height));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cursor_stays_visible_and_in_bounds() {
        let mut c = Cursor::default();
        c.move_by(5, 10, 3);
        assert_eq!((c.index, c.offset), (5, 3));
        c.move_by(100, 10, 3);
        assert_eq!((c.index, c.offset), (9, 7));
        c.move_by(-8, 10, 3);
        assert_eq!((c.index, c.offset), (1, 1));
        c.follow(10, 20);
        assert_eq!(c.offset, 0, "a taller pane shows from the top");
        c.move_by(1, 0, 3);
        assert_eq!((c.index, c.offset), (0, 0), "an empty list has its cursor at 0");
    }
}
