using System;

namespace FsFreeze.VhostUser
{
    /// <summary>
    /// The peer broke the protocol (truncated or oversized message, missing descriptors), went silent past a
    /// timeout, or a system call failed. The channel is unusable afterwards and is closed.
    /// </summary>
    public sealed class VhostUserException : Exception
    {
        /// <summary>Creates the exception.</summary>
        public VhostUserException()
        {
        }

        /// <summary>Creates the exception with a message.</summary>
        public VhostUserException(string message)
            : base(message)
        {
        }

        /// <summary>Creates the exception with a message and the cause.</summary>
        public VhostUserException(string message, Exception innerException)
            : base(message, innerException)
        {
        }
    }
}
