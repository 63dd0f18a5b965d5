using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ChatHub.Inference.LlamaCpp.Native;

/// <summary>
/// Checks at load time that the C# structs match the library. Two checks per parameter struct:
/// <list type="number">
/// <item>its size as the library writes it: on x86-64 System V a struct over 16 bytes is returned through a hidden
/// pointer in the first argument register, so <c>llama_*_default_params</c> is called with a sentinel-filled buffer
/// and the written extent is measured;</item>
/// <item>the defaults read through the C# struct are the documented ones (a shifted field reads garbage).</item>
/// </list>
/// </summary>
internal static unsafe class LlamaStructLayout
{
    private const int ProbeSize = 512;
    private const byte Sentinel = 0xA5;

    public static void Verify(nint llamaLibrary)
    {
        var errors = new List<string>();
        CheckManagedSize<LlamaModelParams>(LlamaModelParams.NativeSize, errors);
        CheckManagedSize<LlamaContextParams>(LlamaContextParams.NativeSize, errors);
        CheckManagedSize<LlamaModelQuantizeParams>(LlamaModelQuantizeParams.NativeSize, errors);
        CheckManagedSize<LlamaBatch>(LlamaBatch.NativeSize, errors);
        if (OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64)
        {
            CheckNativeSize(llamaLibrary, "llama_model_default_params", LlamaModelParams.NativeSize, errors);
            CheckNativeSize(llamaLibrary, "llama_context_default_params", LlamaContextParams.NativeSize, errors);
            CheckNativeSize(llamaLibrary, "llama_model_quantize_default_params", LlamaModelQuantizeParams.NativeSize, errors);
        }

        CheckDefaults(errors);
        if (errors.Count > 0)
        {
            throw new LlamaLibraryException(
                "The llama.cpp library does not match ChatHub's binding (written for llama.cpp " + LlamaLibrary.ExpectedVersion +
                "; check src/Inference/LlamaCpp/Native against the new llama.h):" + Environment.NewLine + "  " +
                string.Join(Environment.NewLine + "  ", errors));
        }
    }

    /// <summary>The size, rounded up to 8, of what <paramref name="export"/> writes through its hidden return pointer.</summary>
    internal static int MeasureReturnedStruct(nint llamaLibrary, string export)
    {
        var function = (delegate* unmanaged[Cdecl]<byte*, byte*>)NativeLibrary.GetExport(llamaLibrary, export);
        var buffer = stackalloc byte[ProbeSize];
        new Span<byte>(buffer, ProbeSize).Fill(Sentinel);
        var returned = function(buffer);
        if (returned != buffer)
        {
            return -1; // not returned through the hidden pointer: the struct is 16 bytes or smaller
        }

        var end = ProbeSize;
        while (end > 0 && buffer[end - 1] == Sentinel)
        {
            end--;
        }

        return (end + 7) & ~7;
    }

    private static void CheckManagedSize<T>(int expected, List<string> errors)
        where T : unmanaged
    {
        if (Unsafe.SizeOf<T>() != expected)
        {
            errors.Add($"{typeof(T).Name} is {Unsafe.SizeOf<T>()} bytes in C#, expected {expected}.");
        }
    }

    private static void CheckNativeSize(nint library, string export, int expected, List<string> errors)
    {
        var measured = MeasureReturnedStruct(library, export);
        if (measured != expected)
        {
            errors.Add($"{export} returns a {measured}-byte struct; the binding expects {expected}.");
        }
    }

    private static void CheckDefaults(List<string> errors)
    {
        var model = LlamaNative.ModelDefaultParams();
        Expect(model.Devices == 0 && model.KvOverrides == 0 && model.ProgressCallback == 0, "llama_model_params pointers are not null", errors);
        Expect(model.UseExtraBufferTypes && !model.VocabOnly && !model.NoAlloc && !model.LoadMtp, "llama_model_params booleans differ from the defaults", errors);

        var context = LlamaNative.ContextDefaultParams();
        Expect(context.ContextSize == 512 && context.BatchSize == 2048 && context.MicroBatchSize == 512 && context.MaxSequences == 1,
            $"llama_context_params sizes read {context.ContextSize}/{context.BatchSize}/{context.MicroBatchSize}/{context.MaxSequences}, expected 512/2048/512/1", errors);
        Expect(context.Threads > 0 && context.Threads == context.BatchThreads, "llama_context_params thread counts are not plausible", errors);
        Expect(context.KeyType == 1 && context.ValueType == 1, "llama_context_params KV cache types are not F16", errors);
        Expect(context.EvalCallback == 0 && context.AbortCallback == 0 && context.Samplers == 0 && context.OtherContext == 0,
            "llama_context_params pointers are not null", errors);
        Expect(context.NoPerf && !context.Embeddings, "llama_context_params booleans differ from the defaults", errors);

        var quantize = LlamaNative.ModelQuantizeDefaultParams();
        Expect(quantize.QuantizeOutputTensor && !quantize.DryRun && !quantize.OnlyCopy && quantize.ImportanceMatrix == 0 && quantize.PruneLayers == 0,
            "llama_model_quantize_params defaults differ", errors);
    }

    private static void Expect(bool condition, string error, List<string> errors)
    {
        if (!condition)
        {
            errors.Add(error);
        }
    }
}
