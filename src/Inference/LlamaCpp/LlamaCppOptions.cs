using System.ComponentModel.DataAnnotations;

namespace ChatHub.Inference.LlamaCpp;

/// <summary>
/// The local model engine (<c>Inference:Model</c>): a GGUF file run in process by llama.cpp. Setting
/// <see cref="Path"/> turns it on. Each of <see cref="Instances"/> model instances has one context with
/// <see cref="MaxSequences"/> sequences of <see cref="ContextSize"/> tokens and one decode loop.
/// </summary>
public sealed class LlamaCppOptions
{
    public const string SectionName = "Inference:Model";

    /// <summary>256 MiB: about 11,000 tokens of a SmolLM-135M conversation (23 KB per token), 2,000 of a Llama-3-8B one (128 KB).</summary>
    public const long DefaultPromptCacheBytes = 256L * 1024 * 1024;

    /// <summary>The GGUF model file. Empty: no local model (the fallback or an OpenAI-compatible server answers).</summary>
    public string? Path { get; set; }

    /// <summary>The folder holding libllama.v0.5.0.so and the ggml libraries; empty: next to the app.</summary>
    public string? NativeLibraryPath { get; set; }

    /// <summary>Tokens per conversation (prompt plus reply); older turns are dropped to fit.</summary>
    [Range(64, 131_072)]
    public int ContextSize { get; set; } = 2048;

    /// <summary>Conversations decoded together by one instance (sequences of one batch).</summary>
    [Range(1, 64)]
    public int MaxSequences { get; set; } = 8;

    /// <summary>The most tokens one decode step takes (generated tokens plus prompt chunks).</summary>
    [Range(16, 8192)]
    public int BatchSize { get; set; } = 512;

    /// <summary>Model instances on this node, each with its own context and decode loop; they share the weights and the threads.</summary>
    [Range(1, 64)]
    public int Instances { get; set; } = 1;

    /// <summary>CPU threads for all instances together (divided among them); 0: one per core. Never more than the cores.</summary>
    [Range(0, 4096)]
    public int Threads { get; set; }

    /// <summary>Layers offloaded to a GPU when a GPU build of the libraries is used (the default CPU build has none).</summary>
    [Range(0, 1000)]
    public int GpuLayers { get; set; }

    /// <summary>The most tokens of one reply (a request's <c>ChatOptions.MaxOutputTokens</c> may lower it).</summary>
    [Range(1, 131_072)]
    public int MaxTokens { get; set; } = 256;

    /// <summary>The system prompt put before every conversation.</summary>
    public string? SystemPrompt { get; set; } = "You are ChatHub's helpful assistant. Answer briefly and politely.";

    /// <summary>A built-in llama.cpp chat template name (chatml, llama2, llama3, ...) used instead of, or when missing, the model's own.</summary>
    public string? ChatTemplate { get; set; }

    /// <summary>Sampling temperature; 0 is greedy (deterministic).</summary>
    [Range(0.0, 5.0)]
    public float Temperature { get; set; } = 0.7f;

    /// <summary>Top-k sampling; 0 turns it off.</summary>
    [Range(0, 100_000)]
    public int TopK { get; set; } = 40;

    /// <summary>Nucleus sampling; 1 turns it off.</summary>
    [Range(0.0, 1.0)]
    public float TopP { get; set; } = 0.95f;

    /// <summary>Min-p sampling; 0 turns it off.</summary>
    [Range(0.0, 1.0)]
    public float MinP { get; set; } = 0.05f;

    /// <summary>The random seed of sampling; null: a new one per request.</summary>
    public uint? Seed { get; set; }

    /// <summary>Requests waiting per instance for a free sequence; when every queue is full the reply is <see cref="BusyReply"/>.</summary>
    [Range(0, 100_000)]
    public int QueueCapacity { get; set; } = 64;

    /// <summary>Requests whose prompt plus reply budget is at most this many tokens take the priority lane ahead of longer ones.</summary>
    [Range(0, 1_000_000)]
    public int PriorityLaneMaxTokens { get; set; } = 768;

    /// <summary>Prompt tokens prefilled per decode step while other conversations are generating (grows with the queue); when idle a whole prompt goes in one step.</summary>
    [Range(1, 8192)]
    public int PrefillChunk { get; set; } = 64;

    /// <summary>
    /// Let each instance measure its decode steps and, when a smaller batch is clearly faster per token on this CPU, let
    /// the generating conversations take turns in smaller batches (docs/benchmarks-inference.md). False: every step
    /// decodes one token for every generating conversation.
    /// </summary>
    public bool AdaptiveBatching { get; set; } = true;

    /// <summary>
    /// Keep each conversation's KV cache after its reply, so that the next turn decodes only what is new: a prompt reuses
    /// the longest prefix that is token for token equal to what a sequence holds (or a copy in host memory, see
    /// <see cref="PromptCacheBytes"/>). False: every sequence is emptied when its reply ends.
    /// </summary>
    public bool PromptCache { get; set; } = true;

    /// <summary>
    /// Host memory for copies of conversations' KV caches whose sequences were needed for others (all instances
    /// together; least recently used out first); 0: only what idle sequences hold in the context.
    /// </summary>
    [Range(typeof(long), "0", "9223372036854775807")]
    public long PromptCacheBytes { get; set; } = DefaultPromptCacheBytes;

    /// <summary>The reply when every queue is full.</summary>
    [Required]
    public string BusyReply { get; set; } = "I'm busy with other conversations right now. Please try again in a moment.";

    /// <summary>The thread count each instance gets: <see cref="Threads"/> (or the cores) divided by <see cref="Instances"/>.</summary>
    public int ThreadsPerInstance(int processorCount)
    {
        var total = Threads == 0 ? processorCount : Math.Min(Threads, processorCount);
        return Math.Max(1, total / Instances);
    }
}
