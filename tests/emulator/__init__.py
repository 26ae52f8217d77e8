"""A local stand-in for Huawei Cloud IAM and the ModelArts v1 real-time service API (see README.md)."""
