namespace FsFreeze.Simulation
{
    /// <summary>A mutable cell: how an iterator (which cannot have out parameters) hands a value back to its caller.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    public sealed class Ref<T>
    {
        /// <summary>The value.</summary>
        public T? Value { get; set; }
    }
}
