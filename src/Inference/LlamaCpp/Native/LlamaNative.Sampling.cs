using System.Runtime.InteropServices;

namespace ChatHub.Inference.LlamaCpp.Native;

/// <summary>Sampler chains. A chain owns the samplers added to it; free only the chain.</summary>
internal static partial class LlamaNative
{
    [LibraryImport(Library, EntryPoint = "llama_sampler_chain_default_params")]
    public static partial LlamaSamplerChainParams SamplerChainDefaultParams();

    [LibraryImport(Library, EntryPoint = "llama_sampler_chain_init")]
    public static partial nint SamplerChainInit(LlamaSamplerChainParams parameters);

    [LibraryImport(Library, EntryPoint = "llama_sampler_chain_add")]
    public static partial void SamplerChainAdd(SafeLlamaSamplerHandle chain, nint sampler);

    [LibraryImport(Library, EntryPoint = "llama_sampler_init_greedy")]
    public static partial nint SamplerInitGreedy();

    [LibraryImport(Library, EntryPoint = "llama_sampler_init_dist")]
    public static partial nint SamplerInitDistribution(uint seed);

    [LibraryImport(Library, EntryPoint = "llama_sampler_init_top_k")]
    public static partial nint SamplerInitTopK(int k);

    [LibraryImport(Library, EntryPoint = "llama_sampler_init_top_p")]
    public static partial nint SamplerInitTopP(float p, nuint minKeep);

    [LibraryImport(Library, EntryPoint = "llama_sampler_init_min_p")]
    public static partial nint SamplerInitMinP(float p, nuint minKeep);

    [LibraryImport(Library, EntryPoint = "llama_sampler_init_temp")]
    public static partial nint SamplerInitTemperature(float temperature);

    [LibraryImport(Library, EntryPoint = "llama_sampler_sample")]
    public static partial int SamplerSample(SafeLlamaSamplerHandle chain, SafeLlamaContextHandle context, int index);

    [LibraryImport(Library, EntryPoint = "llama_sampler_free")]
    public static partial void SamplerFree(nint sampler);
}
