using System.Collections.Generic;
using System.Linq;
using FsFreeze.Protocol.Config;

namespace FsFreeze.Conformance.Protocol.Cases
{
    /// <summary>The FF-DEV-5 table: each bound of each field, just inside and just outside.</summary>
    public static class ConfigCases
    {
        private static ConfigCase Case(string name, uint requestSize, uint maxEntries, uint maxDeadlineMs, ConfigProblem problem) =>
            new(name, new FsFreezeConfig(requestSize, maxEntries, maxDeadlineMs), problem);

        /// <summary>A typical configuration.</summary>
        public static ConfigCase Typical { get; } = Case(nameof(Typical), 4096, 256, 600_000, ConfigProblem.None);

        /// <summary>Every field at its lowest allowed value.</summary>
        public static ConfigCase Smallest { get; } = Case(nameof(Smallest), 16, 0, 1, ConfigProblem.None);

        /// <summary>Every field at its highest allowed value.</summary>
        public static ConfigCase Largest { get; } = Case(nameof(Largest), 65536, 4096, uint.MaxValue, ConfigProblem.None);

        /// <summary><c>request_size</c> 15.</summary>
        public static ConfigCase RequestSizeTooSmall { get; } = Case(nameof(RequestSizeTooSmall), 15, 256, 1000, ConfigProblem.RequestSizeTooSmall);

        /// <summary><c>request_size</c> 65537.</summary>
        public static ConfigCase RequestSizeTooLarge { get; } = Case(nameof(RequestSizeTooLarge), 65537, 256, 1000, ConfigProblem.RequestSizeTooLarge);

        /// <summary><c>max_entries</c> 4097.</summary>
        public static ConfigCase MaxEntriesTooLarge { get; } = Case(nameof(MaxEntriesTooLarge), 4096, 4097, 1000, ConfigProblem.MaxEntriesTooLarge);

        /// <summary><c>max_deadline_ms</c> 0.</summary>
        public static ConfigCase MaxDeadlineZero { get; } = Case(nameof(MaxDeadlineZero), 4096, 256, 0, ConfigProblem.MaxDeadlineZero);

        /// <summary>Every case, for adapters that run the whole table.</summary>
        public static IReadOnlyList<ConfigCase> All { get; } = typeof(ConfigCases).GetProperties()
            .Where(p => p.PropertyType == typeof(ConfigCase))
            .Select(p => (ConfigCase)p.GetValue(null)!)
            .ToArray();
    }
}
