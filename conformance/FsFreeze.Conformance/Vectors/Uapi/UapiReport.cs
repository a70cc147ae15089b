using System;
using System.Collections.Generic;
using System.Globalization;

namespace FsFreeze.Conformance.Vectors.Uapi
{
    /// <summary>
    /// What the C probe printed, one fact per line:
    /// <c>layout N ALIGN desc avail used used_event avail_event size</c>, <c>need EVENT NEW OLD 0|1</c>,
    /// <c>sizeof STRUCT N</c>, <c>offsetof STRUCT.FIELD N</c>, <c>const NAME N</c> and <c>missing NAME</c>.
    /// </summary>
    internal sealed class UapiReport
    {
        /// <summary>vring_init offsets and vring_size, keyed by (queue size, align).</summary>
        internal Dictionary<(int Size, int Align), long[]> Layouts { get; } = new();

        /// <summary>vring_need_event results keyed by (event, new, old).</summary>
        internal Dictionary<(ushort Event, ushort New, ushort Old), bool> NeedEvent { get; } = new();

        /// <summary>"sizeof vring_desc" and "offsetof vring_desc.addr" style keys.</summary>
        internal Dictionary<string, long> Structs { get; } = new(StringComparer.Ordinal);

        /// <summary>Macros the headers define, with their values.</summary>
        internal Dictionary<string, long> Constants { get; } = new(StringComparer.Ordinal);

        /// <summary>Macros the probe asked for that the headers lack.</summary>
        internal HashSet<string> Missing { get; } = new(StringComparer.Ordinal);

        /// <summary>Parses the probe's standard output.</summary>
        /// <exception cref="FormatException">A line the probe never prints.</exception>
        internal static UapiReport Parse(string output)
        {
            var report = new UapiReport();
            foreach (string raw in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                string[] f = raw.Split(' ');
                switch (f[0])
                {
                    case "layout":
                        report.Layouts[(Int(f[1]), Int(f[2]))] = new[] { Long(f[3]), Long(f[4]), Long(f[5]), Long(f[6]), Long(f[7]), Long(f[8]) };
                        break;
                    case "need":
                        report.NeedEvent[((ushort)Int(f[1]), (ushort)Int(f[2]), (ushort)Int(f[3]))] = f[4] == "1";
                        break;
                    case "sizeof":
                    case "offsetof":
                        report.Structs[f[0] + " " + f[1]] = Long(f[2]);
                        break;
                    case "const":
                        report.Constants[f[1]] = Long(f[2]);
                        break;
                    case "missing":
                        report.Missing.Add(f[1]);
                        break;
                    default:
                        throw new FormatException($"unexpected probe line '{raw}'");
                }
            }

            return report;
        }

        private static int Int(string text) => int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture);

        private static long Long(string text) => long.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture);
    }
}
