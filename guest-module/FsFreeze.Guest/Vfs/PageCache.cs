using System.Collections.Generic;
using System.Linq;

namespace FsFreeze.Guest.Vfs
{
    /// <summary>
    /// A superblock's page cache: the latest value of every page written, and which are dirty (not yet written
    /// back). Ordered by page so writeback is deterministic.
    /// </summary>
    public sealed class PageCache
    {
        private readonly SortedDictionary<PageKey, (long Value, bool Dirty)> pages = new();

        /// <summary>Pages in the cache.</summary>
        public int Count => pages.Count;

        /// <summary>Dirty pages, in page order.</summary>
        public IReadOnlyList<PageKey> DirtyPages => pages.Where(static p => p.Value.Dirty).Select(static p => p.Key).ToArray();

        /// <summary>Number of dirty pages.</summary>
        public int DirtyCount => pages.Count(static p => p.Value.Dirty);

        /// <summary>The cached value of <paramref name="key"/>, or null if it is not cached.</summary>
        public long? Read(PageKey key) => pages.TryGetValue(key, out var page) ? page.Value : null;

        /// <summary>True if <paramref name="key"/> is cached and dirty.</summary>
        public bool IsDirty(PageKey key) => pages.TryGetValue(key, out var page) && page.Dirty;

        /// <summary>Every cached page and its value.</summary>
        public IReadOnlyDictionary<PageKey, long> Snapshot() => pages.ToDictionary(static p => p.Key, static p => p.Value.Value);

        internal void Write(PageKey key, long value) => pages[key] = (value, true);

        /// <summary>Marks the page clean if it still holds <paramref name="written"/> (a writer may have redirtied it during writeback).</summary>
        internal void MarkCleanIfUnchanged(PageKey key, long written)
        {
            if (pages.TryGetValue(key, out var page) && page.Value == written)
            {
                pages[key] = (written, false);
            }
        }
    }
}
