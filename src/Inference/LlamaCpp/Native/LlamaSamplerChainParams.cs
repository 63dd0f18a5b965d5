using System.Runtime.InteropServices;

namespace ChatHub.Inference.LlamaCpp.Native;

/// <summary><c>struct llama_sampler_chain_params</c> (1 byte, passed by value).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LlamaSamplerChainParams
{
    public bool NoPerf;
}
