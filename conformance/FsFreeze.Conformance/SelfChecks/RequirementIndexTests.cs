using System;
using System.IO;
using System.Linq;
using FsFreeze.Conformance.Framework;
using FsFreeze.Conformance.Reporting;

namespace FsFreeze.Conformance.SelfChecks
{
    /// <summary>The requirements index is parsed right and spec/requirements.json is current.</summary>
    public sealed class RequirementIndexTests
    {
        [Test]
        public void Parse_ReadsIdTierRoleTitleAndSection_AndSkipsFencedExamples()
        {
            const string markdown = """
                ## Area
                ```
                - **FF-X0-1** (MUST, device) an example inside a fence.
                ```
                ### Sub area
                - **FF-X0-1** (SHOULD, driver) First sentence here. Second sentence
                  continues on an indented line. [virtio 1.4: "Somewhere"]
                - **FF-X0-2** (MAY, host) *retired* No longer required.
                - not a requirement
                """;
            RequirementIndex index = RequirementIndex.Parse(markdown);
            Assert.That(index.Requirements, Has.Count.EqualTo(2));
            Requirement first = index.Requirements[0];
            Assert.Multiple(() =>
            {
                Assert.That(first.Id, Is.EqualTo("FF-X0-1"));
                Assert.That(first.Tier, Is.EqualTo(RequirementTier.Should));
                Assert.That(first.Role, Is.EqualTo("driver"));
                Assert.That(first.Title, Is.EqualTo("First sentence here."));
                Assert.That(first.Section, Is.EqualTo("Sub area"));
                Assert.That(first.Retired, Is.False);
                Assert.That(index.Requirements[1].Retired, Is.True);
            });
        }

        [Test]
        public void Parse_RefusesAnIdDefinedTwice()
        {
            const string markdown = "- **FF-X0-1** (MUST, device) one.\n- **FF-X0-1** (MUST, device) two.\n";
            Assert.That(() => RequirementIndex.Parse(markdown), Throws.TypeOf<FormatException>());
        }

        [Test]
        public void Spec_DefinesEveryIdOnceWithATierAndRole()
        {
            RequirementIndex index = RequirementIndex.Load(RepositoryFiles.PathOf("spec"));
            string text = File.ReadAllText(RepositoryFiles.PathOf("spec", "virtio-fsfreeze.md"));

            // Every bold ID at the start of a list item must have parsed: a typo in the "(TIER, role)" part would
            // silently drop a requirement otherwise.
            int declared = text.Split('\n').Count(l => l.StartsWith("- **FF-", StringComparison.Ordinal));
            int fenced = 1;
            Assert.That(index.Requirements, Has.Count.EqualTo(declared - fenced));
        }

        [Test]
        public void RequirementsJson_IsCurrent()
        {
            string expected = RequirementIndex.Load(RepositoryFiles.PathOf("spec")).ToJson();
            string path = RepositoryFiles.PathOf("spec", "requirements.json");
            Assert.That(File.Exists(path), Is.True, "spec/requirements.json is missing: run `make vectors`");
            Assert.That(File.ReadAllText(path), Is.EqualTo(expected), "spec/requirements.json is stale: run `make vectors`");
        }
    }
}
