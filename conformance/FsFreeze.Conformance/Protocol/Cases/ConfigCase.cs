using FsFreeze.Protocol.Config;

namespace FsFreeze.Conformance.Protocol.Cases
{
    /// <summary>
    /// One device configuration and whether it keeps FF-DEV-5. A device adapter test can read the configuration
    /// space of a device built with these values, or check that the device refuses to be built with them.
    /// </summary>
    public sealed record ConfigCase(string Name, FsFreezeConfig Config, ConfigProblem ExpectedProblem)
    {
        /// <inheritdoc/>
        public override string ToString() => Name;
    }
}
