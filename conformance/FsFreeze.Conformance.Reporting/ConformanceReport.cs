using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace FsFreeze.Conformance.Reporting
{
    /// <summary>Joins the requirements index with test results: one verdict per requirement.</summary>
    public sealed class ConformanceReport
    {
        private ConformanceReport(string implementation, IReadOnlyList<RequirementVerdict> verdicts, IReadOnlyList<string> unknownIds, IReadOnlyList<TestCaseResult> results)
        {
            Implementation = implementation;
            Verdicts = verdicts;
            UnknownIds = unknownIds;
            Results = results;
        }

        /// <summary>The implementation under test.</summary>
        public string Implementation { get; }

        /// <summary>One verdict per requirement, in spec order.</summary>
        public IReadOnlyList<RequirementVerdict> Verdicts { get; }

        /// <summary>Requirement IDs that tests name but spec/ does not define.</summary>
        public IReadOnlyList<string> UnknownIds { get; }

        /// <summary>All test results of the run.</summary>
        public IReadOnlyList<TestCaseResult> Results { get; }

        /// <summary>Generated property cases the run executed, summed over its tests.</summary>
        public int PropertyCases => Results.Sum(r => r.PropertyCases);

        /// <summary>True when some MUST requirement failed: the implementation does not conform.</summary>
        public bool AnyMustFailed => Verdicts.Any(v => v.Verdict == Verdict.Fail && v.Requirement.Tier == RequirementTier.Must);

        /// <summary>Builds the report.</summary>
        public static ConformanceReport Build(string implementation, RequirementIndex index, IReadOnlyList<TestCaseResult> results)
        {
            ArgumentNullException.ThrowIfNull(index);
            ArgumentNullException.ThrowIfNull(results);
            var verdicts = new List<RequirementVerdict>();
            var namedIds = results.SelectMany(r => r.Requirements).ToHashSet(StringComparer.Ordinal);
            var rolesInRun = index.Requirements.Where(r => namedIds.Contains(r.Id)).Select(r => r.Role).ToHashSet(StringComparer.Ordinal);
            foreach (Requirement requirement in index.Requirements.Where(r => !r.Retired))
            {
                var named = results.Where(r => r.Requirements.Contains(requirement.Id, StringComparer.Ordinal)).ToList();
                int passed = named.Count(r => r.Outcome == TestOutcome.Passed);
                int failed = named.Count(r => r.Outcome == TestOutcome.Failed);
                int skipped = named.Count(r => r.Outcome == TestOutcome.Skipped);
                Verdict verdict = failed > 0 ? Verdict.Fail
                    : passed > 0 ? Verdict.Pass
                    : skipped > 0 ? Verdict.NotSupported
                    : rolesInRun.Contains(requirement.Role) ? Verdict.NotTested
                    : Verdict.OtherRole;
                TestCaseResult? firstFailure = named.FirstOrDefault(r => r.Outcome == TestOutcome.Failed);
                string failure = firstFailure is null ? string.Empty : $"{firstFailure.FullName}: {FirstLine(firstFailure.Message)}";
                verdicts.Add(new RequirementVerdict(requirement, passed, failed, skipped, verdict, failure));
            }

            var unknown = results.SelectMany(r => r.Requirements)
                .Where(id => index.Find(id) is null)
                .Distinct(StringComparer.Ordinal)
                .OrderBy(id => id, StringComparer.Ordinal)
                .ToList();
            return new ConformanceReport(implementation, verdicts, unknown, results);
        }

        /// <summary>A one-line summary: counts of verdicts and of tests.</summary>
        public string Summary()
        {
            int Count(Verdict v) => Verdicts.Count(x => x.Verdict == v);
            int mustFailed = Verdicts.Count(v => v.Verdict == Verdict.Fail && v.Requirement.Tier == RequirementTier.Must);
            return string.Create(
                CultureInfo.InvariantCulture,
                $"{Implementation}: {Verdicts.Count} requirements: {Count(Verdict.Pass)} pass, {Count(Verdict.Fail)} fail ({mustFailed} MUST), {Count(Verdict.NotSupported)} not supported, {Count(Verdict.NotTested)} not tested, {Count(Verdict.OtherRole)} of other roles; {Results.Count} tests: {Results.Count(r => r.Outcome == TestOutcome.Passed)} passed, {Results.Count(r => r.Outcome == TestOutcome.Failed)} failed, {Results.Count(r => r.Outcome == TestOutcome.Skipped)} skipped; {PropertyCases} generated property cases");
        }

        /// <summary>The report as a fixed-width table for the terminal.</summary>
        public string RenderTable()
        {
            var text = new StringBuilder();
            text.AppendLine(CultureInfo.InvariantCulture, $"{"ID",-12} {"Tier",-6} {"Tests",5} {"Verdict",-13} Title");
            foreach (RequirementVerdict v in Verdicts)
            {
                string title = v.Requirement.Title.Length > 70 ? v.Requirement.Title[..67] + "..." : v.Requirement.Title;
                text.AppendLine(CultureInfo.InvariantCulture, $"{v.Requirement.Id,-12} {TierName(v.Requirement.Tier),-6} {v.Tests,5} {VerdictName(v.Verdict),-13} {title}");
            }

            return text.ToString();
        }

        /// <summary>The report as markdown (artifacts/conformance/report.md).</summary>
        public string RenderMarkdown()
        {
            var text = new StringBuilder();
            text.AppendLine(CultureInfo.InvariantCulture, $"# virtio-fsfreeze conformance report: {Implementation}");
            text.AppendLine();
            text.AppendLine(Summary());
            text.AppendLine();
            text.AppendLine("| ID | Tier | Role | Tests | Passed | Failed | Skipped | Verdict | Title |");
            text.AppendLine("|---|---|---|---|---|---|---|---|---|");
            foreach (RequirementVerdict v in Verdicts)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"| {v.Requirement.Id} | {TierName(v.Requirement.Tier)} | {v.Requirement.Role} | {v.Tests} | {v.Passed} | {v.Failed} | {v.Skipped} | {VerdictName(v.Verdict)} | {Escape(v.Requirement.Title)} |");
            }

            var failures = Verdicts.Where(v => v.Verdict == Verdict.Fail).ToList();
            if (failures.Count > 0)
            {
                text.AppendLine();
                text.AppendLine("## Failures");
                text.AppendLine();
                foreach (RequirementVerdict v in failures)
                {
                    text.AppendLine(CultureInfo.InvariantCulture, $"- **{v.Requirement.Id}** ({TierName(v.Requirement.Tier)}): {Escape(v.FirstFailure)}");
                }
            }

            if (UnknownIds.Count > 0)
            {
                text.AppendLine();
                text.AppendLine(CultureInfo.InvariantCulture, $"Tests name requirements spec/ does not define: {string.Join(", ", UnknownIds)}");
            }

            return text.ToString();
        }

        private static string TierName(RequirementTier tier) => tier.ToString().ToUpperInvariant();

        /// <summary>How the report spells <paramref name="verdict"/>.</summary>
        public static string VerdictName(Verdict verdict) => verdict switch
        {
            Verdict.Pass => "PASS",
            Verdict.Fail => "FAIL",
            Verdict.NotSupported => "NOT SUPPORTED",
            Verdict.OtherRole => "OTHER ROLE",
            _ => "NOT TESTED",
        };

        private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

        private static string FirstLine(string text)
        {
            int end = text.IndexOf('\n', StringComparison.Ordinal);
            return end < 0 ? text : text[..end].Trim();
        }
    }
}
