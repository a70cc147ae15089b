using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;
using System.Text.RegularExpressions;
using FsFreeze.Conformance.Framework;
using FsFreeze.Virtio.Mmio;

namespace FsFreeze.Conformance.Vectors
{
    /// <summary>mmio-registers.json against the register table of spec/virtio-fsfreeze.md and the transport's <see cref="MmioRegister.All"/>.</summary>
    [TestFixture]
    public sealed partial class MmioRegisterVectorTests
    {
        private const string FileName = "mmio-registers.json";

        /// <summary>The file lists exactly the spec's registers with the spec's offsets and access, 32 bits wide.</summary>
        [Test]
        [Requirement("FF-MMIO-1")]
        public void MatchesSpecRegisterTable()
        {
            Dictionary<string, (int Offset, string Access)> spec = SpecTable();
            Assert.That(spec, Has.Count.GreaterThanOrEqualTo(30), "the spec's register table could not be read");
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (JsonElement vector in VectorData.Vectors(FileName))
            {
                string name = vector.GetProperty("name").GetString()!;
                Assert.That(vector.GetProperty("id").GetString(), Is.EqualTo(name));
                Assert.That(spec.ContainsKey(name), Is.True, $"{name} is not in the spec's register table");
                Assert.That(vector.GetProperty("offset").GetInt32(), Is.EqualTo(spec[name].Offset), name);
                Assert.That(vector.GetProperty("access").GetString(), Is.EqualTo(spec[name].Access), name);
                Assert.That(vector.GetProperty("width").GetInt32(), Is.EqualTo(32), name);
                Assert.That(vector.GetProperty("offset").GetInt32() % 4, Is.Zero, name);
                seen.Add(name);
            }

            Assert.That(seen, Is.EquivalentTo(spec.Keys));
        }

        /// <summary>
        /// Every vector equals the row of <see cref="MmioRegister.All"/> at the same position: the file is the
        /// register table the transport decodes, not a copy that could drift from it.
        /// </summary>
        [Test]
        [Requirement("FF-MMIO-1")]
        public void MatchesTransportRegisterTable()
        {
            IReadOnlyList<JsonElement> vectors = VectorData.Vectors(FileName);
            Assert.That(vectors, Has.Count.EqualTo(MmioRegister.All.Count));
            Assert.Multiple(() =>
            {
                for (int i = 0; i < Math.Min(vectors.Count, MmioRegister.All.Count); i++)
                {
                    MmioRegisterInfo model = MmioRegister.All[i];
                    JsonElement vector = vectors[i];
                    JsonElement linuxName = vector.GetProperty("linux_name");
                    Assert.That(vector.GetProperty("name").GetString(), Is.EqualTo(model.Name), $"vector {i}");
                    Assert.That(vector.GetProperty("offset").GetUInt64(), Is.EqualTo(model.Offset), model.Name);
                    Assert.That(vector.GetProperty("access").GetString(), Is.EqualTo(model.AccessText), model.Name);
                    Assert.That(vector.GetProperty("width").GetInt32(), Is.EqualTo(model.WidthBits), model.Name);
                    Assert.That(linuxName.ValueKind == JsonValueKind.Null ? null : linuxName.GetString(), Is.EqualTo(model.LinuxName), model.Name);
                }
            });
        }

        private static Dictionary<string, (int Offset, string Access)> SpecTable()
        {
            string path = Path.Combine(AppContext.BaseDirectory, "spec", "virtio-fsfreeze.md");
            var table = new Dictionary<string, (int, string)>(StringComparer.Ordinal);
            foreach (string line in File.ReadAllLines(path))
            {
                Match match = RegisterRow().Match(line);
                if (match.Success)
                {
                    table[match.Groups[2].Value] = (int.Parse(match.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture), match.Groups[3].Value);
                }
            }

            return table;
        }

        [GeneratedRegex(@"^\| 0x([0-9a-f]{3}) \| (\w+) \| (R|W|RW) \|\s*$")]
        private static partial Regex RegisterRow();
    }
}
