using System;

namespace FsFreeze.Fuzz
{
    /// <summary>
    /// A harness found the code under test breaking a rule it promises (not merely refusing hostile input). Thrown
    /// so the fuzzer records the input as a crash; any other exception out of a target is a finding as well.
    /// </summary>
    public sealed class FuzzInvariantException : Exception
    {
        /// <summary>Creates the exception.</summary>
        public FuzzInvariantException()
        {
        }

        /// <summary>Creates the exception with the broken rule.</summary>
        public FuzzInvariantException(string message)
            : base(message)
        {
        }

        /// <summary>Creates the exception with the broken rule and its cause.</summary>
        public FuzzInvariantException(string message, Exception innerException)
            : base(message, innerException)
        {
        }

        /// <summary>Throws when <paramref name="condition"/> is false.</summary>
        public static void Check(bool condition, string rule)
        {
            if (!condition)
            {
                throw new FuzzInvariantException(rule);
            }
        }
    }
}
