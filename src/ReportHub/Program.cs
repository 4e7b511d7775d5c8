using ReportHub;

// ReportHub: a small third-party "reporting as a service" (see docs/reporthub.md). HTTPS is configured the
// usual Kestrel way (--urls https://... and Kestrel:Certificates:Default:Path/KeyPath).
var builder = WebApplication.CreateBuilder(args);
builder.AddReportHub();
var app = builder.Build();
app.UseReportHub();
app.Run();
