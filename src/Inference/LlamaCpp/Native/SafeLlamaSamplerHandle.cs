using Microsoft.Win32.SafeHandles;

namespace ChatHub.Inference.LlamaCpp.Native;

/// <summary>A sampler chain (owns the samplers added to it); released with <c>llama_sampler_free</c>.</summary>
internal sealed class SafeLlamaSamplerHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public SafeLlamaSamplerHandle()
        : base(ownsHandle: true)
    {
    }

    public SafeLlamaSamplerHandle(nint handle)
        : base(ownsHandle: true) => SetHandle(handle);

    protected override bool ReleaseHandle()
    {
        LlamaNative.SamplerFree(handle);
        return true;
    }
}
