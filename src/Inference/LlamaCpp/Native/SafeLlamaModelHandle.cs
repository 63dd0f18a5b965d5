using Microsoft.Win32.SafeHandles;

namespace ChatHub.Inference.LlamaCpp.Native;

/// <summary>A loaded model (weights and vocabulary); released with <c>llama_model_free</c>.</summary>
internal sealed class SafeLlamaModelHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public SafeLlamaModelHandle()
        : base(ownsHandle: true)
    {
    }

    public SafeLlamaModelHandle(nint handle)
        : base(ownsHandle: true) => SetHandle(handle);

    protected override bool ReleaseHandle()
    {
        LlamaNative.ModelFree(handle);
        return true;
    }
}
