namespace FsFreeze.Conformance.Vectors.Uapi
{
    /// <summary>One header macro and the value the model or the spec gives it.</summary>
    /// <param name="Macro">The uapi macro, e.g. "VRING_DESC_F_NEXT".</param>
    /// <param name="Expected">The model's (or spec's) value.</param>
    /// <param name="Source">Where the expected value comes from, for failure messages.</param>
    /// <param name="Optional">True when Linux 6.1's headers lack the macro (newer spec additions): checked only if present.</param>
    internal sealed record UapiExpectation(string Macro, long Expected, string Source, bool Optional = false);
}
