namespace FsFreeze.Protocol.Config
{
    /// <summary>Why a configuration breaks FF-DEV-5; <see cref="None"/> when it keeps it.</summary>
    public enum ConfigProblem
    {
        /// <summary>The configuration keeps FF-DEV-5.</summary>
        None = 0,

        /// <summary><c>request_size</c> below 16, the size of a request header.</summary>
        RequestSizeTooSmall,

        /// <summary><c>request_size</c> above 65536.</summary>
        RequestSizeTooLarge,

        /// <summary><c>max_entries</c> above 4096.</summary>
        MaxEntriesTooLarge,

        /// <summary><c>max_deadline_ms</c> 0: the device could ask for no freeze at all.</summary>
        MaxDeadlineZero,
    }
}
