namespace ChatHub.Inference.LlamaCpp.Native;

/// <summary>The <c>enum llama_ftype</c> values ChatHub uses (a GGUF file's quantization).</summary>
internal enum LlamaFileType
{
    AllF32 = 0,
    MostlyF16 = 1,
    MostlyQ4_0 = 2,
    MostlyQ8_0 = 7,
    MostlyQ4_K_M = 15,
}
