using System.Collections.Generic;
using System.Linq;
using FsFreeze.Conformance.Reporting;

namespace FsFreeze.Conformance.SelfChecks
{
    /// <summary>The per-requirement verdicts follow from the test outcomes.</summary>
    public sealed class ReportTests
    {
        private static readonly RequirementIndex Index = RequirementIndex.Parse("""
            - **FF-T0-1** (MUST, device) passes.
            - **FF-T0-2** (MUST, device) fails.
            - **FF-T0-3** (SHOULD, device) skipped.
            - **FF-T0-4** (MAY, device) untested.
            - **FF-T0-5** (SHOULD, device) fails, but only a SHOULD.
            - **FF-T0-6** (MUST, driver) of a role no test in the run checks.
            """);

        private static ConformanceReport Build(params TestCaseResult[] results) => ConformanceReport.Build("iut", Index, results);

        private static TestCaseResult Result(TestOutcome outcome, params string[] ids) => new("T." + string.Join("_", ids), outcome, ids, outcome == TestOutcome.Failed ? "boom\nstack" : string.Empty);

        [Test]
        public void Verdicts_FollowOutcomes()
        {
            ConformanceReport report = Build(
                Result(TestOutcome.Passed, "FF-T0-1"),
                Result(TestOutcome.Passed, "FF-T0-2"),
                Result(TestOutcome.Failed, "FF-T0-2"),
                Result(TestOutcome.Skipped, "FF-T0-3"),
                Result(TestOutcome.Passed, "FF-T0-9"));
            Dictionary<string, Verdict> verdicts = report.Verdicts.ToDictionary(v => v.Requirement.Id, v => v.Verdict);
            Assert.Multiple(() =>
            {
                Assert.That(verdicts["FF-T0-1"], Is.EqualTo(Verdict.Pass));
                Assert.That(verdicts["FF-T0-2"], Is.EqualTo(Verdict.Fail));
                Assert.That(verdicts["FF-T0-3"], Is.EqualTo(Verdict.NotSupported));
                Assert.That(verdicts["FF-T0-4"], Is.EqualTo(Verdict.NotTested), "its role (device) was tested: a gap");
                Assert.That(verdicts["FF-T0-6"], Is.EqualTo(Verdict.OtherRole), "no driver requirement was tested: another role");
                Assert.That(report.AnyMustFailed, Is.True);
                Assert.That(report.UnknownIds, Is.EqualTo(new[] { "FF-T0-9" }));
                Assert.That(report.RenderMarkdown(), Does.Contain("- **FF-T0-2** (MUST): T.FF-T0-2: boom"));
                Assert.That(report.RenderMarkdown(), Does.Contain("| FF-T0-6 | MUST | driver | 0 | 0 | 0 | 0 | OTHER ROLE |"));
            });
        }

        [Test]
        public void OnlyMustFailuresMakeTheRunFail()
        {
            ConformanceReport report = Build(Result(TestOutcome.Passed, "FF-T0-1"), Result(TestOutcome.Failed, "FF-T0-5"));
            Assert.That(report.AnyMustFailed, Is.False);
        }

        [Test]
        public void NUnitResultFile_ReadsOutcomesAndRequirementCategories()
        {
            const string xml = """
                <test-run>
                  <test-suite type="TestFixture" fullname="A.Fixture">
                    <properties><property name="Category" value="FF-T0-1" /></properties>
                    <test-case fullname="A.Fixture.One" result="Passed">
                      <properties><property name="Category" value="FF-T0-2" /><property name="Category" value="Slow" /></properties>
                    </test-case>
                    <test-case fullname="A.Fixture.Two" result="Failed"><failure><message>it broke</message></failure></test-case>
                    <test-case fullname="A.Fixture.Three" result="Skipped"><reason><message>not offered</message></reason></test-case>
                  </test-suite>
                </test-run>
                """;
            IReadOnlyList<TestCaseResult> results = NUnitResultFile.Parse(xml);
            Assert.That(results, Has.Count.EqualTo(3));
            Assert.Multiple(() =>
            {
                Assert.That(results[0].Requirements, Is.EquivalentTo(new[] { "FF-T0-1", "FF-T0-2" }));
                Assert.That(results[1].Outcome, Is.EqualTo(TestOutcome.Failed));
                Assert.That(results[1].Message, Is.EqualTo("it broke"));
                Assert.That(results[2].Outcome, Is.EqualTo(TestOutcome.Skipped));
            });
        }
    }
}
