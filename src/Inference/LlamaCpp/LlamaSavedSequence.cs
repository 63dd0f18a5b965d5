namespace ChatHub.Inference.LlamaCpp;

/// <summary>
/// A conversation's KV cells copied to host memory (<c>llama_state_seq_get_data</c>) when its slot was needed for
/// another one, with the exact tokens they were computed from; restored into a slot when a prompt starts with them.
/// </summary>
internal sealed class LlamaSavedSequence(int[] tokens, byte[] state, int length)
{
    public int[] Tokens { get; } = tokens;

    /// <summary>The copy; its first <see cref="Length"/> bytes are valid.</summary>
    public byte[] State { get; } = state;

    public int Length { get; } = length;

    public long LastUsed { get; set; }
}
