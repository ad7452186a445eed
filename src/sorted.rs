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

/// How many elements two sorted slices of distinct elements have in common, if at least
/// `need`: `None` as soon as too few elements are left for it (comparisons that mostly fail
/// stop early).
pub fn common_at_least<T: Ord>(a: &[T], b: &[T], need: usize) -> Option<usize> {
    count_common(a, b, need, false)
}

/// Whether two sorted slices of distinct elements have at least `need` elements in common:
/// stops as soon as it has them, or as soon as too few elements are left for them (the
/// timeline's conflict search asks this of many pairs, most of which share nothing).
pub fn shares_at_least<T: Ord>(a: &[T], b: &[T], need: usize) -> bool {
    count_common(a, b, need, true).is_some()
}

/// The common elements of `a` and `b` counted while `need` is still within reach (`None`
/// once it is not); with `stop_at_need`, counting stops once `need` are found.
fn count_common<T: Ord>(a: &[T], b: &[T], need: usize, stop_at_need: bool) -> Option<usize> {
    let (mut i, mut j, mut common) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        if stop_at_need && common >= need {
            return Some(common);
        }
        if common + (a.len() - i).min(b.len() - j) < need {
            return None;
        }
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    (common >= need).then_some(common)
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

    #[test]
    fn counts_in_common_are_the_intersection_size() {
        let sets: [&[usize]; 7] =
            [&[], &[1], &[1, 3, 5, 7], &[3, 4, 5, 8], &[1, 2, 3, 4, 5, 6, 7, 8], &[7, 8, 9], &[2, 4]];
        for a in sets {
            for b in sets {
                let n = intersect(a, b).count();
                for need in 0..=9 {
                    assert_eq!(shares_at_least(a, b, need), n >= need, "{a:?} {b:?} {need}");
                    assert_eq!(common_at_least(a, b, need), (n >= need).then_some(n), "{a:?} {b:?} {need}");
                }
            }
        }
    }
}
