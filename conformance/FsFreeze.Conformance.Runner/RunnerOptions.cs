using System;
using System.Collections.Generic;

namespace FsFreeze.Conformance.Runner
{
    /// <summary>The runner's command line.</summary>
    internal sealed class RunnerOptions
    {
        public string Implementation { get; private set; } = "reference";

        public string ResultsDirectory { get; private set; } = "artifacts/conformance";

        public string? Seed { get; private set; }

        public string? Filter { get; private set; }

        public string Configuration { get; private set; } = "Release";

        public bool Build { get; private set; } = true;

        public bool WriteIndex { get; private set; }

        public bool SelfCheck { get; private set; }

        /// <summary>True for <c>--iut list</c>: print the selectable IUT names and exit.</summary>
        public bool ListImplementations => string.Equals(Implementation, "list", StringComparison.Ordinal);

        public bool Help { get; private set; }

        public const string Usage = """
            usage: fsfreeze-conformance [options]
              --iut NAME         implementation under test (default: reference; "list" lists them); a .NET
                                 implementation: assembly:<path-to.dll>:<Full.Type.Name>, path absolute or
                                 relative to the repository root (see conformance/IMPLEMENTERS.md)
              --results DIR      where report.md, junit.xml and nunit/ go (default: artifacts/conformance)
              --seed N           seed for every property and simulation (default: the pinned one)
              --filter EXPR      a dotnet test filter, e.g. "TestCategory=FF-RING-5"
              --configuration C  build configuration (default: Release)
              --no-build         do not build the suite first
              --write-index      regenerate spec/requirements.json from spec/ and exit
              --self-check       run every known-bad IUT (bad:NAME) on the requirements it breaks and check
                                 each is rejected; exit 1 if the suite accepts one
            exit status: 0 conforms (self-check: all rejected), 1 a MUST requirement failed (self-check: a
            known-bad accepted), 2 the run itself failed
            """;

        public static RunnerOptions Parse(IReadOnlyList<string> args)
        {
            var options = new RunnerOptions();
            for (int i = 0; i < args.Count; i++)
            {
                string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
                switch (args[i])
                {
                    case "--iut": options.Implementation = Value(); break;
                    case "--results": options.ResultsDirectory = Value(); break;
                    case "--seed": options.Seed = Value(); break;
                    case "--filter": options.Filter = Value(); break;
                    case "--configuration": options.Configuration = Value(); break;
                    case "--no-build": options.Build = false; break;
                    case "--write-index": options.WriteIndex = true; break;
                    case "--self-check": options.SelfCheck = true; break;
                    case "-h":
                    case "--help": options.Help = true; break;
                    default: throw new ArgumentException($"unknown option {args[i]}");
                }
            }

            return options;
        }
    }
}
