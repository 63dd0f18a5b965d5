namespace ChatHub.Testing.OpenAi;

/// <summary>One <c>/v1/audio/transcriptions</c> request as the fake received it.</summary>
public sealed record FakeTranscriptionRequest(
    string FileName, string? ContentType, byte[] Audio, string Model, string? Language, string? Prompt, string ResponseFormat, string Authorization);
