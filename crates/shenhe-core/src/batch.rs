//! Many posts at once: in parallel on rayon's pool (feature `parallel`), results in input order
//! and identical to screening one by one.

use std::collections::VecDeque;

#[cfg(feature = "parallel")]
use rayon::prelude::*;

use crate::engine::{Engine, Input, Post};
use crate::util::error::ScreenError;
use crate::verdict::Verdict;

/// How many posts [`Engine::screen_iter`] takes from its source per parallel round.
const CHUNK: usize = 1024;

impl Engine {
    /// Screens a slice of posts, in parallel when the `parallel` feature is on (the default),
    /// on the current rayon pool. The results are in input order, and each is what
    /// [`screen`](Engine::screen) gives for that post alone.
    ///
    /// # Example
    /// ```
    /// use shenhe::{Decision, Engine};
    /// let engine = Engine::new()?;
    /// let posts = ["市政府召开常务会议", "注册就送彩金 网络赌场"];
    /// let verdicts = engine.screen_batch(&posts);
    /// assert_eq!(verdicts[0].as_ref().unwrap().verdict, Decision::Pass);
    /// assert_eq!(verdicts[1].as_ref().unwrap().verdict, Decision::Block);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn screen_batch<'a, T>(&self, posts: &'a [T]) -> Vec<Result<Verdict, ScreenError>>
    where
        T: Sync,
        &'a T: Into<Input<'a>>,
    {
        #[cfg(feature = "parallel")]
        {
            posts.par_iter().map(|p| self.screen(p)).collect()
        }
        #[cfg(not(feature = "parallel"))]
        {
            posts.iter().map(|p| self.screen(p)).collect()
        }
    }

    /// Screens posts from an iterator (a file, a queue), a chunk at a time in parallel, and
    /// yields the verdicts in input order. Memory stays bounded by the chunk size.
    pub fn screen_iter<I>(&self, posts: I) -> ScreenIter<'_, I::IntoIter>
    where
        I: IntoIterator<Item = Post>,
    {
        ScreenIter {
            engine: self,
            source: posts.into_iter(),
            ready: VecDeque::new(),
        }
    }
}

/// The iterator of [`Engine::screen_iter`].
#[derive(Debug)]
pub struct ScreenIter<'e, I> {
    engine: &'e Engine,
    source: I,
    ready: VecDeque<Result<Verdict, ScreenError>>,
}

impl<I: Iterator<Item = Post>> Iterator for ScreenIter<'_, I> {
    type Item = Result<Verdict, ScreenError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.ready.is_empty() {
            let chunk: Vec<Post> = self.source.by_ref().take(CHUNK).collect();
            self.ready.extend(self.engine.screen_batch(&chunk));
        }
        self.ready.pop_front()
    }
}
