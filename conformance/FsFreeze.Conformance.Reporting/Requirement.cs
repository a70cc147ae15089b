namespace FsFreeze.Conformance.Reporting
{
    /// <summary>One normative statement of spec/, as the requirements index records it.</summary>
    /// <param name="Id">Stable identifier, for example FF-RING-5.</param>
    /// <param name="Tier">MUST, SHOULD or MAY.</param>
    /// <param name="Role">Who it binds: driver, device, both or host.</param>
    /// <param name="Title">The first sentence of the statement.</param>
    /// <param name="Section">The heading of the section that holds it.</param>
    /// <param name="Retired">True for a retired requirement, kept so its ID is never reused.</param>
    public sealed record Requirement(string Id, RequirementTier Tier, string Role, string Title, string Section, bool Retired);
}
