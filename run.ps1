#!/usr/bin/env pwsh
# Thin wrapper over the research CLI (PowerShell 7+). Arguments and the exit code pass straight through.
#   ./run.ps1 run experiments/quickstart.yaml
#   ./run.ps1 test
$ErrorActionPreference = 'Stop'
Set-Location -LiteralPath $PSScriptRoot
if ($args.Count -gt 0 -and $args[0] -eq 'test') {
    $rest = @($args | Select-Object -Skip 1)
    dotnet test Research.sln -c Release @rest
} else {
    dotnet run --project pipeline/Research.Cli -c Release -- @args
}
exit $LASTEXITCODE
