using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace FsFreeze.Conformance.Reporting
{
    /// <summary>
    /// The machine-readable index of spec/'s requirements, parsed from the markdown. A requirement is a list item
    /// that opens with its bold ID and, in parentheses, its tier and role (outside fenced code blocks):
    /// <c>- **FF-RING-5** (MUST, device) text…</c>; its continuation lines are indented.
    /// </summary>
    public sealed partial class RequirementIndex
    {
        private RequirementIndex(IReadOnlyList<Requirement> requirements) => Requirements = requirements;

        /// <summary>The requirements in document order.</summary>
        public IReadOnlyList<Requirement> Requirements { get; }

        /// <summary>Looks a requirement up by ID.</summary>
        public Requirement? Find(string id) => Requirements.FirstOrDefault(r => string.Equals(r.Id, id, StringComparison.Ordinal));

        /// <summary>Parses the markdown of a spec document.</summary>
        /// <exception cref="FormatException">An ID appears twice, or a requirement line is malformed.</exception>
        public static RequirementIndex Parse(string markdown)
        {
            ArgumentNullException.ThrowIfNull(markdown);
            var requirements = new List<Requirement>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            string section = string.Empty;
            bool inFence = false;
            string[] lines = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
            for (int i = 0; i < lines.Length; i++)
            {
                string line = lines[i];
                if (line.StartsWith("```", StringComparison.Ordinal))
                {
                    // Examples inside fenced blocks are not requirements.
                    inFence = !inFence;
                    continue;
                }

                if (inFence)
                {
                    continue;
                }

                if (line.StartsWith('#'))
                {
                    section = line.TrimStart('#').Trim();
                    continue;
                }

                Match match = RequirementLine().Match(line);
                if (!match.Success)
                {
                    continue;
                }

                var text = new StringBuilder(match.Groups["text"].Value.Trim());
                while (i + 1 < lines.Length && lines[i + 1].StartsWith("  ", StringComparison.Ordinal) && lines[i + 1].Trim().Length > 0)
                {
                    text.Append(' ').Append(lines[++i].Trim());
                }

                string id = match.Groups["id"].Value;
                if (!seen.Add(id))
                {
                    throw new FormatException($"Requirement {id} is defined twice.");
                }

                string body = text.ToString();
                bool retired = body.StartsWith("*retired*", StringComparison.OrdinalIgnoreCase);
                requirements.Add(new Requirement(id, ParseTier(match.Groups["tier"].Value), match.Groups["role"].Value, FirstSentence(body), section, retired));
            }

            return new RequirementIndex(requirements);
        }

        /// <summary>Parses every markdown file under <paramref name="specDirectory"/>.</summary>
        public static RequirementIndex Load(string specDirectory)
        {
            var builder = new StringBuilder();
            foreach (string file in Directory.GetFiles(specDirectory, "*.md", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
            {
                builder.Append(File.ReadAllText(file)).Append('\n');
            }

            return Parse(builder.ToString());
        }

        /// <summary>The index as JSON (spec/requirements.json): stable field names, one object per requirement.</summary>
        public string ToJson()
        {
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                writer.WriteStartObject();
                writer.WriteString("schema", "fsfreeze.requirements/1");
                writer.WriteString("description", "Every normative statement of spec/, generated from the markdown by `make vectors`.");
                writer.WriteStartArray("requirements");
                foreach (Requirement requirement in Requirements)
                {
                    writer.WriteStartObject();
                    writer.WriteString("id", requirement.Id);
                    writer.WriteString("tier", requirement.Tier.ToString().ToUpperInvariant());
                    writer.WriteString("role", requirement.Role);
                    writer.WriteString("title", requirement.Title);
                    writer.WriteString("section", requirement.Section);
                    writer.WriteBoolean("retired", requirement.Retired);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            return Encoding.UTF8.GetString(stream.ToArray()).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";
        }

        private static RequirementTier ParseTier(string tier) => tier switch
        {
            "MUST" => RequirementTier.Must,
            "SHOULD" => RequirementTier.Should,
            "MAY" => RequirementTier.May,
            _ => throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"Unknown tier {tier}.")),
        };

        private static string FirstSentence(string text)
        {
            string withoutCitation = CitationSuffix().Replace(text, string.Empty).Trim();
            int end = withoutCitation.IndexOf(". ", StringComparison.Ordinal);
            string sentence = end < 0 ? withoutCitation : withoutCitation[..(end + 1)];
            return sentence.Replace("`", string.Empty, StringComparison.Ordinal);
        }

        [GeneratedRegex(@"^- \*\*(?<id>FF-[A-Z][A-Z0-9]*-[0-9]+)\*\* \((?<tier>MUST|SHOULD|MAY), (?<role>[a-z]+)\) (?<text>.*)$")]
        private static partial Regex RequirementLine();

        [GeneratedRegex(@"\s*\[[^\]]*\]\s*$")]
        private static partial Regex CitationSuffix();
    }
}
