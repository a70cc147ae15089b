using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace FsFreeze.Fuzz.Tests
{
    /// <summary>
    /// Every seed and every crash the fuzzer ever found, run once through the same target methods the fuzzer
    /// drives. A regression input for a bug not fixed yet is listed in <see cref="KnownBugs"/> and ignored with the
    /// reason, so the suite stays green while the bug stays visible.
    /// </summary>
    public sealed class CorpusReplayTests
    {
        /// <summary>Regression file (target/name) to the bug it shows; empty while no reference bug is open.</summary>
        private static readonly Dictionary<string, string> KnownBugs = new(StringComparer.Ordinal);

        public static IEnumerable<TestCaseData> Inputs()
        {
            string root = Path.Combine(RepoRoot(), "fuzz");
            foreach (string kind in new[] { "corpus", "regressions" })
            {
                foreach (string target in FuzzTargets.Names)
                {
                    string dir = Path.Combine(root, kind, target);
                    if (!Directory.Exists(dir))
                    {
                        continue;
                    }

                    foreach (string file in Directory.GetFiles(dir).Where(f => !Path.GetFileName(f).StartsWith('.')).Order(StringComparer.Ordinal))
                    {
                        string key = target + "/" + Path.GetFileName(file);
                        var data = new TestCaseData(target, file).SetName($"{kind}/{key}");
                        if (KnownBugs.TryGetValue(key, out string? reason))
                        {
                            data.Ignore("bug: " + reason);
                        }

                        yield return data;
                    }
                }
            }
        }

        [TestCaseSource(nameof(Inputs))]
        public void Replays_without_exception(string target, string file)
        {
            Action<byte[]> run = FuzzTargets.Find(target)!;
            Assert.DoesNotThrow(() => run(File.ReadAllBytes(file)));
        }

        [Test]
        public void Every_target_has_a_seed_corpus()
        {
            string root = Path.Combine(RepoRoot(), "fuzz", "corpus");
            foreach (string target in FuzzTargets.Names)
            {
                Assert.That(Directory.GetFiles(Path.Combine(root, target)), Is.Not.Empty, target);
            }
        }

        [Test]
        public void Empty_and_short_inputs_are_well_defined()
        {
            foreach (string target in FuzzTargets.Names)
            {
                Action<byte[]> run = FuzzTargets.Find(target)!;
                for (int length = 0; length < 8; length++)
                {
                    Assert.DoesNotThrow(() => run(new byte[length]), $"{target} with {length} zero bytes");
                }
            }
        }

        private static string RepoRoot()
        {
            // The tests run from bin/<config>/<tfm>; the corpus is found from the solution file upward.
            for (DirectoryInfo? dir = new(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "FsFreeze.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new DirectoryNotFoundException("FsFreeze.sln not found above " + TestContext.CurrentContext.TestDirectory);
        }
    }
}
