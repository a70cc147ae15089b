using System;
using System.Collections.Generic;
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
                results.Add(new TestCaseResult(fullName, outcome, requirements, message.Trim()));
            }

            return results;
        }

        /// <summary>Parses every <c>*.xml</c> result file under <paramref name="directory"/>.</summary>
        public static IReadOnlyList<TestCaseResult> Load(string directory) =>
            Directory.GetFiles(directory, "*.xml", SearchOption.AllDirectories)
                .OrderBy(f => f, StringComparer.Ordinal)
                .SelectMany(f => Parse(File.ReadAllText(f)))
                .ToList();
    }
}
