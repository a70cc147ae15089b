using System.Collections.Generic;

namespace FsFreeze.Conformance.Hostile
{
    /// <summary>
    /// The invariant violations of one generated run, each naming the requirement IDs it breaks. A run stops adding
    /// after a few so a broken invariant checked every millisecond does not drown the first one.
    /// </summary>
    public sealed class InvariantLog
    {
        private const int MaxKept = 8;
        private readonly List<string> violations = new();

        /// <summary>The violations, first first.</summary>
        public IReadOnlyList<string> Violations => violations;

        /// <summary>True when nothing was broken.</summary>
        public bool Holds => violations.Count == 0;

        /// <summary>Records that <paramref name="requirements"/> broke at <paramref name="at"/>: <paramref name="what"/>.</summary>
        public void Fail(string requirements, string at, string what)
        {
            if (violations.Count < MaxKept)
            {
                violations.Add($"[{requirements}] {at}: {what}");
            }
        }

        /// <summary>Records a violation unless <paramref name="condition"/> holds.</summary>
        public void Require(bool condition, string requirements, string at, string what)
        {
            if (!condition)
            {
                Fail(requirements, at, what);
            }
        }

        /// <inheritdoc />
        public override string ToString() => string.Join("\n", violations);
    }
}
