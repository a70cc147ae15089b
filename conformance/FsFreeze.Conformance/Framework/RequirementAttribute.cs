using System;
using NUnit.Framework.Internal;

namespace FsFreeze.Conformance.Framework
{
    /// <summary>
    /// Names a requirement of spec/ that a test checks. It becomes the NUnit property "Requirement", which the
    /// per-requirement report reads back from the test results. A test may name several.
    /// </summary>
    [AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, AllowMultiple = true, Inherited = true)]
    public sealed class RequirementAttribute : NUnit.Framework.PropertyAttribute
    {
        /// <summary>The property name under which requirement IDs are stored.</summary>
        public const string PropertyName = "Requirement";

        /// <summary>Names requirement <paramref name="id"/>, for example "FF-RING-5".</summary>
        public RequirementAttribute(string id)
            : base(PropertyName, id)
        {
            Id = id;
        }

        /// <summary>The requirement ID.</summary>
        public string Id { get; }
    }
}
