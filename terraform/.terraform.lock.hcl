# This file is maintained automatically by "terraform init".
# Manual edits may be lost in future updates.

provider "registry.terraform.io/digitalocean/digitalocean" {
  version     = "2.51.0"
  constraints = "~> 2.50"
  hashes = [
    "h1:3tLU4w5suOvgCynsiiF7/q9dcuRXopDMfqE1oNvB7IE=",
    "zh:02343f78f1c08c36a622328812f51026ec1af6cfacd7fcdd1fa9c5c72ef51f0a",
    "zh:040819355971cba19a652029b25b5be6d2ad51dc2f0ee8fb52eb33ac64d3e305",
    "zh:26bf0e6fd8fed53e0999cf6229373ead98d0cb804f0254dea42a89d0ff6f64ab",
    "zh:38543949762977dc23e0cccc9cc5f93a9b3458dcd41f8f386310fc89d18f76a3",
    "zh:67d2225407ce912cd43fd4e206e69747dde8fb34d5b524ed27df4238a4fa0fad",
    "zh:6c2534615b77a575415fd2d9cbea556a8d7b4b36fd9b2c9b6edd7524f465fb9b",
    "zh:6ef3b41e82c5e7a5dd3487b756cde239e572c06379f8f3ac5bd8caa783a22f77",
    "zh:9d4a183f5d58443c3ef44830534436b95f83ebeb14653bc318714de96ada3edf",
    "zh:a722a890ca9d51cabe29e15f126ca1c256a4d936d653101e552d6e91d80b8507",
    "zh:acc511ddf40806999e924c1afb0a940331007debdffbf4b88d9dda0f3d2644a9",
    "zh:b94da82950161052176a91891829ab5d044dd90d24849ef9bd9a24415620c0a5",
    "zh:bdfd992e73774752d0b700108a068e5845744a14c365ce611207fea0e94b05d0",
    "zh:bf0bf2a4352bb3b458253fdcedd1119c805617c5def6d0d6deccbbe98c180328",
    "zh:c4ca052a5e70295f715fb5bfb14f3f4fd7f03b5ff6c6009e194923241987128d",
    "zh:d6722ded0cda91a9eaa1a03a8ce3e143569b5215cd14add4a58fe38732419c0f",
    "zh:e06505d43dfb0cd1da0fe310469ea55e1dc6c4a31f7cb58079c5dde9cb59bfb0",
  ]
}

provider "registry.terraform.io/hashicorp/tls" {
  version     = "4.0.6"
  constraints = "~> 4.0"
  hashes = [
    "h1:N7VxdRDiNZoRS9dnXJ+QuKWKn514ahS+U6f9K3cF44s=",
    "h1:n3M50qfWfRSpQV9Pwcvuse03pEizqrmYEryxKky4so4=",
    "zh:10de0d8af02f2e578101688fd334da3849f56ea91b0d9bd5b1f7a243417fdda8",
    "zh:37fc01f8b2bc9d5b055dc3e78bfd1beb7c42cfb776a4c81106e19c8911366297",
    "zh:4578ca03d1dd0b7f572d96bd03f744be24c726bfd282173d54b100fd221608bb",
    "zh:6c475491d1250050765a91a493ef330adc24689e8837a0f07da5a0e1269e11c1",
    "zh:81bde94d53cdababa5b376bbc6947668be4c45ab655de7aa2e8e4736dfd52509",
    "zh:abdce260840b7b050c4e401d4f75c7a199fafe58a8b213947a258f75ac18b3e8",
    "zh:b754cebfc5184873840f16a642a7c9ef78c34dc246a8ae29e056c79939963c7a",
    "zh:c928b66086078f9917aef0eec15982f2e337914c5c4dbc31dd4741403db7eb18",
    "zh:cded27bee5f24de6f2ee0cfd1df46a7f88e84aaffc2ecbf3ff7094160f193d50",
    "zh:d65eb3867e8f69aaf1b8bb53bd637c99c6b649ba3db16ded50fa9a01076d1a27",
    "zh:ecb0c8b528c7a619fa71852bb3fb5c151d47576c5aab2bf3af4db52588722eeb",
    "zh:f569b65999264a9416862bca5cd2a6177d94ccb0424f3a4ef424428912b9cb3c",
  ]
}
