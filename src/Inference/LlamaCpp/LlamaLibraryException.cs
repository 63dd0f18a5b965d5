namespace ChatHub.Inference.LlamaCpp;

/// <summary>The llama.cpp libraries are missing, cannot load, or do not match the binding (a misconfiguration, found at start).</summary>
public sealed class LlamaLibraryException : Exception
{
    public LlamaLibraryException()
    {
    }

    public LlamaLibraryException(string message)
        : base(message)
    {
    }

    public LlamaLibraryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
