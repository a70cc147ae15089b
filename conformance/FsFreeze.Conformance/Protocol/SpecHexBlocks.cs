using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace FsFreeze.Conformance.Protocol
{
    /// <summary>
    /// The worked examples of spec/virtio-fsfreeze.md: every fenced block whose info string is <c>hex &lt;name&gt;</c>,
    /// as bytes. The spec copy next to the test assembly is read (the csproj copies it), so this works from any
    /// working directory.
    /// </summary>
    public static class SpecHexBlocks
    {
        private const string Fence = "```";
        private const string HexInfo = "```hex ";

        /// <summary>The path of the spec copy next to the test assembly.</summary>
        public static string SpecPath => Path.Combine(TestContext.CurrentContext.TestDirectory, "spec", "virtio-fsfreeze.md");

        /// <summary>Every hex block of the spec, in document order, as (name, bytes).</summary>
        public static IReadOnlyList<(string Name, byte[] Bytes)> Load() => Parse(File.ReadAllText(SpecPath));

        /// <summary>Every hex block of <paramref name="markdown"/>. A malformed block (a token that is not one hex byte, or no closing fence) throws.</summary>
        public static IReadOnlyList<(string Name, byte[] Bytes)> Parse(string markdown)
        {
            ArgumentNullException.ThrowIfNull(markdown);
            var blocks = new List<(string, byte[])>();
            string[] lines = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
            for (int i = 0; i < lines.Length; i++)
            {
                if (!lines[i].StartsWith(HexInfo, StringComparison.Ordinal))
                {
                    continue;
                }

                string name = lines[i].Substring(HexInfo.Length).Trim();
                var bytes = new List<byte>();
                int end = i + 1;
                for (; end < lines.Length && !lines[end].StartsWith(Fence, StringComparison.Ordinal); end++)
                {
                    foreach (string token in lines[end].Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    {
                        if (token.Length != 2 || !byte.TryParse(token, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out byte value))
                        {
                            throw new FormatException($"hex block '{name}': '{token}' is not a hex byte");
                        }

                        bytes.Add(value);
                    }
                }

                if (end == lines.Length)
                {
                    throw new FormatException($"hex block '{name}' has no closing fence");
                }

                blocks.Add((name, bytes.ToArray()));
                i = end;
            }

            return blocks;
        }
    }
}
