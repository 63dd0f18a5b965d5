using System.Runtime.InteropServices;

namespace ChatHub.Inference.LlamaCpp.Native;

/// <summary>
/// The llama.cpp C API (libllama v0.5.0) as used by ChatHub. Blittable signatures only (the assembly disables runtime
/// marshalling, so <see cref="bool"/> is one byte as in C); strings are UTF-8. Load the library with
/// <see cref="LlamaLibrary.EnsureLoaded"/> before the first call.
/// </summary>
internal static unsafe partial class LlamaNative
{
    public const string Library = "llama";

    [LibraryImport(Library, EntryPoint = "llama_version")]
    public static partial byte* Version();

    [LibraryImport(Library, EntryPoint = "llama_print_system_info")]
    public static partial byte* SystemInfo();

    [LibraryImport(Library, EntryPoint = "llama_log_set")]
    public static partial void LogSet(delegate* unmanaged[Cdecl]<int, byte*, void*, void> callback, void* userData);

    [LibraryImport(Library, EntryPoint = "llama_backend_init")]
    public static partial void BackendInit();

    [LibraryImport(Library, EntryPoint = "llama_model_default_params")]
    public static partial LlamaModelParams ModelDefaultParams();

    [LibraryImport(Library, EntryPoint = "llama_context_default_params")]
    public static partial LlamaContextParams ContextDefaultParams();

    [LibraryImport(Library, EntryPoint = "llama_model_quantize_default_params")]
    public static partial LlamaModelQuantizeParams ModelQuantizeDefaultParams();

    [LibraryImport(Library, EntryPoint = "llama_model_load_from_file", StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint ModelLoadFromFile(string path, LlamaModelParams parameters);

    [LibraryImport(Library, EntryPoint = "llama_model_free")]
    public static partial void ModelFree(nint model);

    [LibraryImport(Library, EntryPoint = "llama_model_get_vocab")]
    public static partial nint ModelGetVocab(SafeLlamaModelHandle model);

    [LibraryImport(Library, EntryPoint = "llama_model_desc")]
    public static partial int ModelDescription(SafeLlamaModelHandle model, byte* buffer, nuint size);

    [LibraryImport(Library, EntryPoint = "llama_model_n_params")]
    public static partial ulong ModelParameterCount(SafeLlamaModelHandle model);

    [LibraryImport(Library, EntryPoint = "llama_model_size")]
    public static partial ulong ModelSize(SafeLlamaModelHandle model);

    [LibraryImport(Library, EntryPoint = "llama_model_n_ctx_train")]
    public static partial int ModelTrainingContext(SafeLlamaModelHandle model);

    [LibraryImport(Library, EntryPoint = "llama_model_chat_template")]
    public static partial byte* ModelChatTemplate(SafeLlamaModelHandle model, byte* name);

    [LibraryImport(Library, EntryPoint = "llama_model_quantize", StringMarshalling = StringMarshalling.Utf8)]
    public static partial uint ModelQuantize(string inputPath, string outputPath, LlamaModelQuantizeParams* parameters);

    [LibraryImport(Library, EntryPoint = "llama_init_from_model")]
    public static partial nint InitFromModel(SafeLlamaModelHandle model, LlamaContextParams parameters);

    [LibraryImport(Library, EntryPoint = "llama_free")]
    public static partial void Free(nint context);

    [LibraryImport(Library, EntryPoint = "llama_n_ctx")]
    public static partial uint ContextSize(SafeLlamaContextHandle context);

    [LibraryImport(Library, EntryPoint = "llama_n_ctx_seq")]
    public static partial uint SequenceContextSize(SafeLlamaContextHandle context);

    [LibraryImport(Library, EntryPoint = "llama_n_seq_max")]
    public static partial uint MaxSequences(SafeLlamaContextHandle context);

    [LibraryImport(Library, EntryPoint = "llama_n_batch")]
    public static partial uint BatchSize(SafeLlamaContextHandle context);

    [LibraryImport(Library, EntryPoint = "llama_n_threads")]
    public static partial int Threads(SafeLlamaContextHandle context);

    [LibraryImport(Library, EntryPoint = "llama_get_memory")]
    public static partial nint GetMemory(SafeLlamaContextHandle context);

    [LibraryImport(Library, EntryPoint = "llama_memory_clear")]
    public static partial void MemoryClear(nint memory, [MarshalAs(UnmanagedType.U1)] bool data);

    [LibraryImport(Library, EntryPoint = "llama_memory_seq_rm")]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool MemorySequenceRemove(nint memory, int sequence, int fromPosition, int toPosition);

    [LibraryImport(Library, EntryPoint = "llama_memory_seq_pos_min")]
    public static partial int MemorySequencePositionMin(nint memory, int sequence);

    [LibraryImport(Library, EntryPoint = "llama_memory_seq_pos_max")]
    public static partial int MemorySequencePositionMax(nint memory, int sequence);

    [LibraryImport(Library, EntryPoint = "llama_batch_init")]
    public static partial LlamaBatch BatchInit(int tokenCapacity, int embeddings, int maxSequenceIdsPerToken);

    [LibraryImport(Library, EntryPoint = "llama_batch_free")]
    public static partial void BatchFree(LlamaBatch batch);

    [LibraryImport(Library, EntryPoint = "llama_decode")]
    public static partial int Decode(SafeLlamaContextHandle context, LlamaBatch batch);

    [LibraryImport(Library, EntryPoint = "llama_get_logits_ith")]
    public static partial float* GetLogits(SafeLlamaContextHandle context, int index);
}
