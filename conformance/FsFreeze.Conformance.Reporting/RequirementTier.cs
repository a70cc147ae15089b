namespace FsFreeze.Conformance.Reporting
{
    /// <summary>How binding a requirement is (RFC 2119).</summary>
    public enum RequirementTier
    {
        /// <summary>MUST / MUST NOT / REQUIRED / SHALL.</summary>
        Must,

        /// <summary>SHOULD / SHOULD NOT / RECOMMENDED.</summary>
        Should,

        /// <summary>MAY / OPTIONAL.</summary>
        May,
    }
}
