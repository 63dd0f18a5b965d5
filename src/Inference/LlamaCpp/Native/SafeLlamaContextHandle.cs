using Microsoft.Win32.SafeHandles;

namespace ChatHub.Inference.LlamaCpp.Native;

/// <summary>
/// An inference context (KV cache, compute buffers) of one model; released with <c>llama_free</c>. It holds a
/// reference on its model's handle, so the model is never freed before its contexts.
/// </summary>
internal sealed class SafeLlamaContextHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    private readonly SafeLlamaModelHandle? _model;

    public SafeLlamaContextHandle()
        : base(ownsHandle: true)
    {
    }

    public SafeLlamaContextHandle(nint handle, SafeLlamaModelHandle model)
        : base(ownsHandle: true)
    {
        ArgumentNullException.ThrowIfNull(model);
        var added = false;
        model.DangerousAddRef(ref added);
        _model = model;
        SetHandle(handle);
    }

    protected override bool ReleaseHandle()
    {
        LlamaNative.Free(handle);
        _model?.DangerousRelease();
        return true;
    }
}
