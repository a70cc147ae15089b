using System.Collections.Generic;

namespace FsFreeze.Conformance.Reporting
{
    /// <summary>How one test case ended.</summary>
    public enum TestOutcome
    {
        /// <summary>Every assertion held.</summary>
        Passed,

        /// <summary>An assertion failed or the test threw.</summary>
        Failed,

        /// <summary>Skipped or ignored, with a reason (for example an optional feature the IUT does not offer).</summary>
        Skipped,
    }

    /// <summary>One test case from an NUnit result file.</summary>
    /// <param name="FullName">NUnit's full name, fixture arguments included.</param>
    /// <param name="Outcome">How it ended.</param>
    /// <param name="Requirements">Requirement IDs it names (its FF- categories).</param>
    /// <param name="Message">Failure or skip message, if any.</param>
    public sealed record TestCaseResult(string FullName, TestOutcome Outcome, IReadOnlyList<string> Requirements, string Message)
    {
        /// <summary>Generated property cases the test ran (0 for a test that is not a property).</summary>
        public int PropertyCases { get; init; }
    }
}
