namespace FsFreeze.Conformance.Reporting
{
    /// <summary>The verdict on one requirement.</summary>
    public enum Verdict
    {
        /// <summary>At least one test names it and every one of them passed.</summary>
        Pass,

        /// <summary>At least one test that names it failed.</summary>
        Fail,

        /// <summary>Its tests were all skipped: an optional feature the implementation does not offer.</summary>
        NotSupported,

        /// <summary>No test in this run names it (filtered out, or a gap in the suite).</summary>
        NotTested,

        /// <summary>
        /// No test in this run names it, nor any requirement of its role: the implementation under test plays
        /// another role (a kernel driver is not checked against device requirements).
        /// </summary>
        OtherRole,
    }

    /// <summary>One row of the per-requirement report.</summary>
    /// <param name="Requirement">The requirement.</param>
    /// <param name="Passed">Tests naming it that passed.</param>
    /// <param name="Failed">Tests naming it that failed.</param>
    /// <param name="Skipped">Tests naming it that were skipped.</param>
    /// <param name="Verdict">The verdict.</param>
    /// <param name="FirstFailure">The first failing test and its message, for the report.</param>
    public sealed record RequirementVerdict(Requirement Requirement, int Passed, int Failed, int Skipped, Verdict Verdict, string FirstFailure)
    {
        /// <summary>Tests that name the requirement.</summary>
        public int Tests => Passed + Failed + Skipped;
    }
}
