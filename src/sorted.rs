//! Sorted-slice helpers shared by the stages that compare sets kept as sorted vectors (word
//! hashes of quotations, key ids of timeline mentions, glossary terms of articles).

/// The elements of two sorted slices that are in both, in order.
pub fn intersect<'a, T: Ord + Copy>(a: &'a [T], b: &'a [T]) -> impl Iterator<Item = T> + 'a {
    let (mut i, mut j) = (0, 0);
    std::iter::from_fn(move || {
        while i < a.len() && j < b.len() {
            match a[i].cmp(&b[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    i += 1;
                    j += 1;
                    return Some(a[i - 1]);
                }
            }
        }
        None
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intersects_sorted_slices() {
        let check = |a: &[usize], b: &[usize], expected: &[usize]| {
            assert_eq!(intersect(a, b).collect::<Vec<_>>(), expected);
        };
        check(&[1, 3, 5, 7], &[3, 4, 5, 8], &[3, 5]);
        check(&[], &[1], &[]);
        check(&[2], &[2], &[2]);
        check(&[1, 2], &[3, 4], &[]);
    }
}
