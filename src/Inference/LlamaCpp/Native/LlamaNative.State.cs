using System.Runtime.InteropServices;

namespace ChatHub.Inference.LlamaCpp.Native;

/// <summary>
/// The KV cells of one sequence copied to host memory and back (llama.h, "State / sessions"): the prompt cache keeps
/// evicted conversations this way. A copy holds the cells' positions and their K and V rows; restoring it into another
/// sequence first empties that sequence, and a failed restore leaves it empty (llama.cpp removes what it had placed).
/// </summary>
internal static unsafe partial class LlamaNative
{
    /// <summary>The exact byte count <see cref="StateSequenceGetData"/> writes for <paramref name="sequence"/>.</summary>
    [LibraryImport(Library, EntryPoint = "llama_state_seq_get_size")]
    public static partial nuint StateSequenceGetSize(SafeLlamaContextHandle context, int sequence);

    /// <summary>Copies the cells of <paramref name="sequence"/> into <paramref name="destination"/>; returns the bytes written (0 on failure).</summary>
    [LibraryImport(Library, EntryPoint = "llama_state_seq_get_data")]
    public static partial nuint StateSequenceGetData(SafeLlamaContextHandle context, byte* destination, nuint size, int sequence);

    /// <summary>Replaces the cells of <paramref name="sequence"/> with a copy from <see cref="StateSequenceGetData"/>; returns the bytes read, 0 on failure.</summary>
    [LibraryImport(Library, EntryPoint = "llama_state_seq_set_data")]
    public static partial nuint StateSequenceSetData(SafeLlamaContextHandle context, byte* source, nuint size, int sequence);
}
