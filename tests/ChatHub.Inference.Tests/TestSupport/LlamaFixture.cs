using ChatHub.Inference.LlamaCpp;
using ChatHub.Inference.LlamaCpp.Native;
using ChatHub.Testing.Gguf;

namespace ChatHub.Inference.Tests.TestSupport;

/// <summary>
/// Loads the llama.cpp libraries copied next to the tests (a missing library fails the tests, it never skips them)
/// and generates the test models into a temporary folder: a tiny random model and one that always ends at once.
/// </summary>
public sealed class LlamaFixture : IDisposable
{
    public LlamaFixture()
    {
        Library = LlamaLibrary.EnsureLoaded();
        Directory = Path.Combine(Path.GetTempPath(), $"chathub-llama-tests-{Environment.ProcessId}-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(Directory);
        TinyModelPath = Path.Combine(Directory, "tiny-f16.gguf");
        SyntheticModel.Write(TinyModelPath, SyntheticModelShape.Tiny);
        EndingModelPath = Path.Combine(Directory, "ends-f16.gguf");
        SyntheticModel.Write(EndingModelPath, SyntheticModelShape.Tiny, behavior: SyntheticModelBehavior.EndsImmediately);
        ToolCallingModelPath = Path.Combine(Directory, "calls-tools-f16.gguf");
        SyntheticModel.Write(ToolCallingModelPath, SyntheticModelShape.Tiny, behavior: SyntheticModelBehavior.CallsTools);
    }

    public string Directory { get; }

    public string TinyModelPath { get; }

    public string EndingModelPath { get; }

    /// <summary>A model that always opens a tool call (<see cref="SyntheticModelBehavior.CallsTools"/>).</summary>
    public string ToolCallingModelPath { get; }

    internal LlamaLibraryInfo Library { get; }

    /// <summary>Small, greedy settings for the tiny model; <paramref name="configure"/> changes them.</summary>
    public LlamaCppOptions Options(Action<LlamaCppOptions>? configure = null, string? path = null)
    {
        var options = new LlamaCppOptions
        {
            Path = path ?? TinyModelPath,
            ContextSize = 256,
            MaxSequences = 4,
            BatchSize = 256,
            // One thread: other test assemblies run beside this one, and ggml's worker threads spin-wait on each
            // other, so two threads on a busy two-core machine drop to a few tokens per second.
            Threads = 1,
            MaxTokens = 16,
            Temperature = 0,
            QueueCapacity = 8,
            SystemPrompt = "You are a test.",
        };
        configure?.Invoke(options);
        return options;
    }

    public string TempPath(string name) => Path.Combine(Directory, name);

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
