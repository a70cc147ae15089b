namespace FsFreeze.Conformance.Samples.LoaderFaults
{
    /// <summary>A public class that implements no adapter interface: naming it as the IUT must fail clearly.</summary>
    public sealed class NotAnAdapter
    {
        /// <inheritdoc />
        public override string ToString() => "not-an-adapter";
    }
}
