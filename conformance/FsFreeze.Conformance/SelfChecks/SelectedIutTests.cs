using FsFreeze.Conformance.Adapters;

namespace FsFreeze.Conformance.SelfChecks
{
    /// <summary>
    /// The IUT setting in force resolves. When it does not (a wrong assembly path, a missing type, a constructor
    /// that throws) every fixture source offers nothing, and this is the one test that fails and says why, so the
    /// run is neither silently empty nor a crash of the test host.
    /// </summary>
    public sealed class SelectedIutTests
    {
        [Test]
        public void SelectedIut_Resolves()
        {
            ResolvedImplementation resolved = Implementations.Resolve(Implementations.Selected);
            Assert.That(resolved.Error, Is.Null, resolved.Error);
            Assert.That(resolved.Components, Is.Not.Empty, $"IUT '{resolved.Iut}' offers no component");
        }
    }
}
