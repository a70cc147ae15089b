using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Xml.Linq;

namespace FsFreeze.Conformance.Reporting
{
    /// <summary>
    /// Reads NUnit 3 result XML (written by the NUnit adapter with <c>NUnit.TestOutputXml</c>). It is the one
    /// format that keeps each test's categories, which is where the requirement IDs travel.
    /// </summary>
    public static class NUnitResultFile
    {
        /// <summary>The output line prefix that carries a property test's case count.</summary>
        public const string CasesMarker = "fsfreeze-property-cases:";

        /// <summary>Parses one result file.</summary>
        public static IReadOnlyList<TestCaseResult> Parse(string xml)
        {
            XDocument document = XDocument.Parse(xml);
            var results = new List<TestCaseResult>();
            foreach (XElement testCase in document.Descendants("test-case"))
            {
                string fullName = (string?)testCase.Attribute("fullname") ?? (string?)testCase.Attribute("name") ?? "?";
                string result = (string?)testCase.Attribute("result") ?? "Inconclusive";
                TestOutcome outcome = result switch
                {
                    "Passed" => TestOutcome.Passed,
                    "Failed" => TestOutcome.Failed,
                    _ => TestOutcome.Skipped,
                };

                // Categories on the test case and on every enclosing suite (fixture-level requirements).
                var requirements = testCase.AncestorsAndSelf()
                    .SelectMany(e => e.Elements("properties").Elements("property"))
                    .Where(p => (string?)p.Attribute("name") == "Category")
                    .Select(p => (string?)p.Attribute("value") ?? string.Empty)
                    .Where(v => v.StartsWith("FF-", StringComparison.Ordinal))
                    .Distinct(StringComparer.Ordinal)
                    .ToList();
                string message = testCase.Element("failure")?.Element("message")?.Value
                    ?? testCase.Element("reason")?.Element("message")?.Value
                    ?? string.Empty;
                results.Add(new TestCaseResult(fullName, outcome, requirements, message.Trim()) { PropertyCases = PropertyCases(testCase.Element("output")?.Value) });
            }

            return results;
        }

        /// <summary>
        /// The case count a property test printed (a line starting with <see cref="CasesMarker"/>, as the suite's
        /// Seeds.Check writes it), or 0.
        /// </summary>
        public static int PropertyCases(string? output)
        {
            int total = 0;
            foreach (string line in (output ?? string.Empty).Split('\n'))
            {
                string trimmed = line.Trim();
                if (trimmed.StartsWith(CasesMarker, StringComparison.Ordinal)
                    && int.TryParse(trimmed.AsSpan(CasesMarker.Length), NumberStyles.Integer, CultureInfo.InvariantCulture, out int cases))
                {
                    total += cases;
                }
            }

            return total;
        }

        /// <summary>Parses every <c>*.xml</c> result file under <paramref name="directory"/>.</summary>
        public static IReadOnlyList<TestCaseResult> Load(string directory) =>
            Directory.GetFiles(directory, "*.xml", SearchOption.AllDirectories)
                .OrderBy(f => f, StringComparer.Ordinal)
                .SelectMany(f => Parse(File.ReadAllText(f)))
                .ToList();
    }
}
