using System.Runtime.InteropServices;
using System.Text;
using ChatHub.Inference.LlamaCpp.Native;

namespace ChatHub.Inference.LlamaCpp;

/// <summary>
/// A loaded GGUF model: weights, vocabulary and chat template, shared read-only by the contexts of its
/// <see cref="LlamaInstance"/>s. Tokenizing and applying the template are safe from any thread.
/// </summary>
internal sealed unsafe class LlamaModel : IDisposable
{
    private readonly SafeLlamaModelHandle _handle;

    private LlamaModel(SafeLlamaModelHandle handle, string path)
    {
        _handle = handle;
        Path = path;
        Vocab = LlamaNative.ModelGetVocab(handle);
        if (Vocab == 0)
        {
            throw new InvalidOperationException($"llama_model_get_vocab returned NULL for '{path}'.");
        }

        VocabSize = LlamaNative.VocabTokenCount(Vocab);
        TrainingContextSize = LlamaNative.ModelTrainingContext(handle);
        ParameterCount = (long)LlamaNative.ModelParameterCount(handle);
        TensorBytes = (long)LlamaNative.ModelSize(handle);
        AddsBos = LlamaNative.VocabAddsBos(Vocab);
        var template = LlamaNative.ModelChatTemplate(handle, null);
        ChatTemplate = template is null ? null : Marshal.PtrToStringUTF8((nint)template);
        var bos = LlamaNative.VocabBos(Vocab);
        if (bos >= 0)
        {
            var piece = stackalloc byte[64];
            var written = LlamaNative.TokenToPiece(Vocab, bos, piece, 64, 0, special: true);
            BosText = written > 0 ? Encoding.UTF8.GetString(piece, written) : null;
        }

        var description = stackalloc byte[256];
        var length = LlamaNative.ModelDescription(handle, description, 256);
        Description = length > 0 ? Encoding.UTF8.GetString(description, Math.Min(length, 255)) : "unknown";
    }

    public string Path { get; }

    public string Description { get; }

    public int VocabSize { get; }

    public int TrainingContextSize { get; }

    public long ParameterCount { get; }

    public long TensorBytes { get; }

    public bool AddsBos { get; }

    /// <summary>The text of the beginning-of-sequence token (e.g. "&lt;s&gt;"), or null.</summary>
    public string? BosText { get; }

    /// <summary>The model's own chat template (GGUF <c>tokenizer.chat_template</c>), or null when it has none.</summary>
    public string? ChatTemplate { get; }

    internal SafeLlamaModelHandle Handle => _handle;

    internal nint Vocab { get; }

    /// <summary>Loads <paramref name="path"/> on the CPU (or with <paramref name="gpuLayers"/> offloaded where a GPU backend is present).</summary>
    public static LlamaModel Load(string path, int gpuLayers = 0)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (LlamaLibrary.Info is null)
        {
            throw new InvalidOperationException("Load the llama.cpp library (LlamaLibrary.EnsureLoaded) before a model.");
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The model file '{path}' does not exist.", path);
        }

        var parameters = LlamaNative.ModelDefaultParams();
        parameters.GpuLayerCount = gpuLayers;
        var handle = LlamaNative.ModelLoadFromFile(path, parameters);
        if (handle == 0)
        {
            throw new InvalidDataException(
                $"llama.cpp could not load '{path}' as a model (not a GGUF file, an unsupported architecture, or truncated; see the log).");
        }

        return new LlamaModel(new SafeLlamaModelHandle(handle), path);
    }

    public bool IsEndOfGeneration(int token) => LlamaNative.VocabIsEndOfGeneration(Vocab, token);

    /// <summary>Tokens of <paramref name="text"/>; <paramref name="addSpecial"/> adds BOS where the model wants it, <paramref name="parseSpecial"/> turns control-token text into control tokens.</summary>
    public int[] Tokenize(string text, bool addSpecial, bool parseSpecial)
    {
        ArgumentNullException.ThrowIfNull(text);
        var utf8 = Encoding.UTF8.GetBytes(text);
        var tokens = new int[utf8.Length + 8];
        fixed (byte* input = utf8)
        {
            while (true)
            {
                int count;
                fixed (int* output = tokens)
                {
                    count = LlamaNative.Tokenize(Vocab, input, utf8.Length, output, tokens.Length, addSpecial, parseSpecial);
                }

                if (count == int.MinValue)
                {
                    throw new InvalidOperationException("llama_tokenize overflowed.");
                }

                if (count >= 0)
                {
                    return tokens.AsSpan(0, count).ToArray();
                }

                tokens = new int[-count];
            }
        }
    }

    /// <summary>The UTF-8 bytes of <paramref name="token"/> written to <paramref name="buffer"/>; control tokens render as nothing unless <paramref name="special"/>.</summary>
    public int TokenToPiece(int token, Span<byte> buffer, bool special = false)
    {
        fixed (byte* output = buffer)
        {
            var length = LlamaNative.TokenToPiece(Vocab, token, output, buffer.Length, 0, special);
            if (length < 0)
            {
                throw new InvalidOperationException($"Token {token} needs a {-length}-byte buffer.");
            }

            return length;
        }
    }

    /// <summary>The text of a conversation under <paramref name="template"/> (a built-in template name such as "chatml", or the model's template text).</summary>
    public static string ApplyChatTemplate(string template, IReadOnlyList<(string Role, string Content)> messages, bool addAssistant)
    {
        ArgumentException.ThrowIfNullOrEmpty(template);
        ArgumentNullException.ThrowIfNull(messages);
        var strings = new List<GCHandle>(messages.Count * 2 + 1);
        try
        {
            var native = new LlamaChatMessage[messages.Count];
            var length = 256;
            for (var i = 0; i < messages.Count; i++)
            {
                native[i].Role = Pin(messages[i].Role, strings);
                native[i].Content = Pin(messages[i].Content, strings);
                length += 2 * (messages[i].Role.Length + messages[i].Content.Length);
            }

            var templateText = Pin(template, strings);
            while (true)
            {
                var buffer = new byte[length];
                int written;
                fixed (LlamaChatMessage* chat = native)
                fixed (byte* output = buffer)
                {
                    written = LlamaNative.ChatApplyTemplate(templateText, chat, (nuint)native.Length, addAssistant, output, buffer.Length);
                }

                if (written < 0)
                {
                    throw new NotSupportedException(
                        "llama_chat_apply_template does not know this chat template; set Inference:Model:ChatTemplate to a built-in name (e.g. chatml, llama2, llama3, gemma, phi3).");
                }

                if (written <= buffer.Length)
                {
                    return Encoding.UTF8.GetString(buffer, 0, written);
                }

                length = written;
            }
        }
        finally
        {
            foreach (var handle in strings)
            {
                handle.Free();
            }
        }
    }

    public void Dispose() => _handle.Dispose();

    private static byte* Pin(string text, List<GCHandle> handles)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(text) + 1];
        Encoding.UTF8.GetBytes(text, bytes);
        var handle = GCHandle.Alloc(bytes, GCHandleType.Pinned);
        handles.Add(handle);
        return (byte*)handle.AddrOfPinnedObject();
    }
}
