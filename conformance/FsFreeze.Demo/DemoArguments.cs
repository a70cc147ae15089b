using System;
using System.Globalization;

namespace FsFreeze.Demo
{
    /// <summary>The command line: <c>--seed N</c>, <c>--runs N</c>, <c>--real-runs N</c> (0: no real-kernel rows), <c>--uml-runs N</c> (0: no C-driver rows), <c>--out PATH</c>.</summary>
    internal sealed record DemoArguments(ulong Seed, int Runs, string Output, int RealRuns, int UmlRuns)
    {
        public static DemoArguments Parse(string[] args)
        {
            ulong seed = 1;
            int runs = 20;
            string output = "artifacts/demo.md";
            int realRuns = 3;
            int umlRuns = 2;
            for (int i = 0; i < args.Length; i++)
            {
                string value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
                switch (args[i])
                {
                    case "--seed": seed = ulong.Parse(value, CultureInfo.InvariantCulture); i++; break;
                    case "--runs": runs = int.Parse(value, CultureInfo.InvariantCulture); i++; break;
                    case "--out": output = value; i++; break;
                    case "--real-runs": realRuns = int.Parse(value, CultureInfo.InvariantCulture); i++; break;
                    case "--uml-runs": umlRuns = int.Parse(value, CultureInfo.InvariantCulture); i++; break;
                    default: throw new ArgumentException($"unknown argument {args[i]} (use --seed N --runs N --real-runs N --uml-runs N --out PATH)");
                }
            }

            return new DemoArguments(seed, Math.Max(1, runs), output, Math.Max(0, realRuns), Math.Max(0, umlRuns));
        }
    }
}
