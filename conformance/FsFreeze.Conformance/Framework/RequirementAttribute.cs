using System;

namespace FsFreeze.Conformance.Framework
{
    /// <summary>
    /// Names a requirement of spec/ that a test checks. It is an NUnit category, so the ID travels into every
    /// result format (TRX, JUnit) where the per-requirement report reads it back, and a single requirement can be
    /// run on its own with <c>--filter TestCategory=FF-RING-5</c>. A test may name several.
    /// </summary>
    [AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, AllowMultiple = true, Inherited = true)]
    public sealed class RequirementAttribute : CategoryAttribute
    {
        /// <summary>Names requirement <paramref name="id"/>, for example "FF-RING-5".</summary>
        public RequirementAttribute(string id)
            : base(id)
        {
            Id = id;
        }

        /// <summary>The requirement ID.</summary>
        public string Id { get; }
    }
}
